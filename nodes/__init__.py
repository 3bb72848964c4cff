"""ComfyUI glue: node classes and the names they are listed under."""

from .tcd import SamplerTCD, TCDScheduler

NODE_CLASS_MAPPINGS = {
    "FewStepSamplerTCD": SamplerTCD,
    "FewStepTCDScheduler": TCDScheduler,
}

NODE_DISPLAY_NAME_MAPPINGS = {
    "FewStepSamplerTCD": "TCD Sampler (FewStep)",
    "FewStepTCDScheduler": "TCD Scheduler (FewStep)",
}
