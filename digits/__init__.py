"""Tiny digit diffusion models shipped with the pack: a teacher and its LCM- and TCD-distilled students."""
