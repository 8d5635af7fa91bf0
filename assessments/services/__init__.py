"""Every write to assessments' data, split by what it is about (import from the module)."""
