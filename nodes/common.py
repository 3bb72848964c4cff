"""What every node of the pack shares."""

CATEGORY_SAMPLERS = "sampling/custom_sampling/samplers"
CATEGORY_SCHEDULERS = "sampling/custom_sampling/schedulers"


def model_sampling(model):
    """The model sampling object of a MODEL, with its object patches where this ComfyUI has them."""
    get = getattr(model, "get_model_object", None)
    return get("model_sampling") if get is not None else model.model.model_sampling
