"""An app that declares a notification kind another app already declared."""
