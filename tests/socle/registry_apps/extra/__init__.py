"""An app that only declares, in its contributions.py, one entry of each kind."""
