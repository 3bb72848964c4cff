"""ComfyUI glue: node classes and the names they are listed under."""

from .digits import DigitsDecode, DigitsLoader
from .loaders import (FewStepDistilledCheckpointLoader, FewStepDistilledDiffusionModelLoader, FewStepDistilledLoraLoader,
                      FewStepRecipeFromModel)
from .presets import FewStepRecipe, FewStepTwoExpertRecipe
from .samplers import SamplerLCMExact, SamplerTCD
from .schedulers import (
    AYSScheduler, FlowMatchScheduler, PCMScheduler, StepListScheduler, TCDScheduler, TimestepsScheduler,
    TrailingScheduler)

NODES = {
    "FewStepSamplerTCD": (SamplerTCD, "TCD Sampler (FewStep)"),
    "FewStepSamplerLCM": (SamplerLCMExact, "LCM Sampler, exact (FewStep)"),
    "FewStepTCDScheduler": (TCDScheduler, "TCD / LCM Scheduler (FewStep)"),
    "FewStepTrailingScheduler": (TrailingScheduler, "Trailing Scheduler (FewStep)"),
    "FewStepTimestepsScheduler": (TimestepsScheduler, "Timesteps Scheduler (FewStep)"),
    "FewStepAYSScheduler": (AYSScheduler, "Align Your Steps Scheduler (FewStep)"),
    "FewStepFlowMatchScheduler": (FlowMatchScheduler, "Flow Match Scheduler (FewStep)"),
    "FewStepStepListScheduler": (StepListScheduler, "Step List Scheduler (FewStep)"),
    "FewStepPCMScheduler": (PCMScheduler, "PCM Scheduler (FewStep)"),
    "FewStepRecipe": (FewStepRecipe, "Distilled Model Recipe (FewStep)"),
    "FewStepTwoExpertRecipe": (FewStepTwoExpertRecipe, "Two-Part Recipe: Experts or Passes (FewStep)"),
    "FewStepDistilledLoraLoader": (FewStepDistilledLoraLoader, "Distilled LoRA Loader (FewStep)"),
    "FewStepRecipeFromModel": (FewStepRecipeFromModel, "Recipe from Model's LoRA (FewStep)"),
    "FewStepDistilledCheckpointLoader": (FewStepDistilledCheckpointLoader, "Distilled Checkpoint Loader (FewStep)"),
    "FewStepDistilledDiffusionModelLoader": (FewStepDistilledDiffusionModelLoader,
                                             "Distilled Diffusion Model Loader (FewStep)"),
    "FewStepDigitsLoader": (DigitsLoader, "Digit Model Loader (FewStep)"),
    "FewStepDigitsDecode": (DigitsDecode, "Digit Latent to Image (FewStep)"),
}

NODE_CLASS_MAPPINGS = {name: cls for name, (cls, _) in NODES.items()}
NODE_DISPLAY_NAME_MAPPINGS = {name: display for name, (_, display) in NODES.items()}
