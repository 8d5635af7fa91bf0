"""Every write to the practice catalogue, split by what it is about."""
