"""The pipeline that runs the stages: builds planned into tasks, run by an executor,
through the cache; the watcher and the preview server on top."""
