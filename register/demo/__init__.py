"""The demo register: the reference organisation's register, demo schools and demo users."""
