"""Stage 3, the content: what is said to each reader (marks, dates and words in their
language, practice, flashcards, writing space) and the checks an author runs."""
