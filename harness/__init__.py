"""Test and demo harness: host setup, ComfyUI booted in-process, tiny test models. Imports no other room."""
