"""Every non-trivial read of assessments, one module per page area (import from the module)."""
