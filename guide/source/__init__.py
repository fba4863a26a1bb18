"""Stage 1 and 2, the source: topic files read with their lines, validated into the typed
model, and the project's settings and audiences."""
