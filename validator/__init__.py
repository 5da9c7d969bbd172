"""IPP Preflight: checks an Alibaba IPP registration bundle before it is uploaded."""

__version__ = "0.1.0"
TOOL_NAME = "ipp-preflight"
