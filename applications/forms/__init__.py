"""Step forms of the residence-permit wizard, one module per group of sections."""
