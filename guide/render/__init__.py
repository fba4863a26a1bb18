"""Stage 4, render: the Jinja2 templates and the SVG charts that make a document's HTML."""
