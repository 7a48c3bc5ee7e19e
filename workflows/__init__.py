"""Workflow definitions: plain data and functions, no Flask, no database."""
