"""hfdesk: the Qt-free core of an offline desktop app for Danish Housing First support work."""

__version__ = "0.1.0"
