"""overture: negotiation signals, attributed and dated, from raw news pages."""
from overture._errors import ConfigError, InputError, OvertureError, StageError
from overture._extract import extract, extract_files
from overture.pipeline import Pipeline, register_stage
from overture.record import Claim, Record, Signal, Span, Statement

__all__ = ["Claim", "ConfigError", "InputError", "OvertureError", "Pipeline", "Record", "Signal",
           "Span", "StageError", "Statement", "extract", "extract_files", "register_stage"]
__version__ = "0.1.0"
