"""Every write to programmes, sessions and registrations, split by what it is about."""
