"""tracker: follow the targets of Chinese five-year plans against the figures reported later."""

__version__ = "0.1.0"
