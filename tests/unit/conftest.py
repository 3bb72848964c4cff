import logging

logging.getLogger("diffusers").setLevel(logging.ERROR)
