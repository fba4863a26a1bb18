"""The author's live tools on top of the API: `guide watch` rebuilds on save, `guide serve`
previews pages in a browser."""
