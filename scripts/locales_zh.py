"""Simplified Chinese for every English text of the pack's nodes, keyed by that text (a line of it, where it has
several): scripts/make_locales.py looks each one up, so a changed English text has no entry until it is
translated. Core terms as the frontend's own zh locale words them (1.58.1 nodeDefs: 模型, 采样器, 调度器, 步数,
降噪, 移位, 引导, Latent, Sigmas, 噪波, 配方); recipe, model, node and file names stay as published; diffusers'
scheduler-config names (use_dynamic_shifting, mu, ...) stay as inputs, as core keeps eta and alpha."""

ZH = {
    # display names
    "TCD Sampler (FewStep)": "TCD 采样器 (FewStep)",
    "LCM Sampler, exact (FewStep)": "LCM 采样器，精确版 (FewStep)",
    "TCD / LCM Scheduler (FewStep)": "TCD / LCM 调度器 (FewStep)",
    "Trailing Scheduler (FewStep)": "Trailing 调度器 (FewStep)",
    "Timesteps Scheduler (FewStep)": "时间步调度器 (FewStep)",
    "Align Your Steps Scheduler (FewStep)": "AlignYourSteps 调度器 (FewStep)",
    "Flow Match Scheduler (FewStep)": "Flow Match 调度器 (FewStep)",
    "Step List Scheduler (FewStep)": "步列表调度器 (FewStep)",
    "PCM Scheduler (FewStep)": "PCM 调度器 (FewStep)",
    "Distilled Model Recipe (FewStep)": "蒸馏模型配方 (FewStep)",
    "Two-Part Recipe: Experts or Passes (FewStep)": "两段式配方：双专家或两遍 (FewStep)",
    "Distilled LoRA Loader (FewStep)": "蒸馏 LoRA 加载器 (FewStep)",
    "Recipe from Model's LoRA (FewStep)": "从模型的 LoRA 识别配方 (FewStep)",
    "Distilled Checkpoint Loader (FewStep)": "蒸馏 Checkpoint 加载器 (FewStep)",
    "Distilled Diffusion Model Loader (FewStep)": "蒸馏扩散模型加载器 (FewStep)",
    "Digit Model Loader (FewStep)": "数字模型加载器 (FewStep)",
    "Digit Latent to Image (FewStep)": "数字 Latent 转图像 (FewStep)",

    # descriptions
    "TCD sampler (Trajectory Consistency Distillation, strategic stochastic sampling), exact to diffusers' TCDScheduler. "
    "For TCD LoRAs, the Hyper-SD unified 1-step LoRA (gamma 1.0) and PCM (gamma 0). Works on any SIGMAS and on eps, "
    "v-prediction and flow models.":
        "TCD 采样器（轨迹一致性蒸馏，策略性随机采样），与 diffusers 的 TCDScheduler 完全一致。用于 TCD LoRA、Hyper-SD "
        "统一 1 步 LoRA（gamma 1.0）和 PCM（gamma 0）。适用于任意 SIGMAS，以及 eps、v-prediction 和 flow 模型。",
    "LCM sampler exact to diffusers' LCMScheduler, including the consistency boundary condition (c_skip / c_out), without "
    "a ModelSamplingDiscrete patch. For LCM / LCM-LoRA, DMD2 and the Hyper-SDXL 1-step UNet. Pair it with the TCD / "
    "LCM, or the Timesteps scheduler.":
        "与 diffusers 的 LCMScheduler 完全一致的 LCM 采样器，包含一致性边界条件（c_skip / c_out），无需 ModelSamplingDiscrete "
        "补丁。用于 LCM / LCM-LoRA、DMD2 和 Hyper-SDXL 1 步 UNet。请搭配 TCD / LCM 调度器或时间步调度器使用。",
    "The TCD / LCM timestep schedule of diffusers (50-step distillation grid: 4 steps give timesteps 999, 759, 499, "
    "259), as this model's sigmas. For TCD, LCM and Hyper-SD unified LoRAs.":
        "diffusers 的 TCD / LCM 时间步调度（50 步蒸馏网格：4 步对应时间步 999、759、499、259），输出为该模型的 Sigmas。"
        "用于 TCD、LCM 和 Hyper-SD 统一 LoRA。",
    "diffusers' 'trailing' timestep spacing (4 steps: 999, 749, 499, 249), which SDXL-Lightning, SDXL-Turbo, the Hyper-SD "
    "N-step LoRAs and PCM were distilled for. Core's SDTurboScheduler is not trailing (4 steps: 999, 899, 799, 699).":
        "diffusers 的 'trailing' 时间步间隔（4 步：999、749、499、249），SDXL-Lightning、SDXL-Turbo、Hyper-SD N 步 "
        "LoRA 和 PCM 均按此蒸馏。ComfyUI 自带的 SDTurboScheduler 并非 trailing（4 步：999、899、799、699）。",
    "Sigmas at an explicit list of timesteps, e.g. '999, 749, 499, 249' (DMD2 4-step), '399' (DMD2 1-step) or '800' "
    "(Hyper-SDXL 1-step UNet). With a SAMPLER from this pack's nodes (its LCM and TCD Samplers, the recipe node) an "
    "empty latent starts from unit-variance noise as in diffusers, whatever the first timestep; core's KSamplerSelect "
    "and the KSampler start lower (img2img scaling).":
        "在明确列出的时间步上取 Sigmas，例如 '999, 749, 499, 249'（DMD2 4 步）、'399'（DMD2 1 步）或 '800'（Hyper-SDXL "
        "1 步 UNet）。使用本节点包的采样器（LCM 和 TCD 采样器、配方节点）时，空 Latent 与 diffusers 一样从单位方差噪"
        "波开始，与第一个时间步无关；ComfyUI 自带的 K采样器选择和 K采样器则从更低处开始（图生图缩放）。",
    "Align Your Steps (NVIDIA): the published 10-step schedules for SD1.5, SDXL and SVD, log-linearly interpolated "
    "to any step count. SD1.5 / SDXL use the model's own sigma at the AYS timesteps (core's node has a fixed table "
    "of the standard ones: the same on a standard model); there is no published table for SD3 or FLUX.":
        "Align Your Steps（NVIDIA）：官方发布的 SD1.5、SDXL 和 SVD 10 步调度，按对数线性插值到任意步数。SD1.5 / SDXL "
        "使用模型自身在 AYS 时间步上的 sigma（ComfyUI 自带节点使用标准模型的固定表：在标准模型上结果相同）；SD3 和 "
        "FLUX 没有官方发布的表。",
    "diffusers' FlowMatchEulerDiscreteScheduler.set_timesteps for any config, as a pipeline calls it: 'flux' passes "
    "sigmas = linspace(1, 1/N, N) (FLUX.1, FLUX.2, Qwen-Image, Z-Image), 'sd3' passes none (StableDiffusion3Pipeline). "
    "With use_dynamic_shifting, mu comes from the latent's size as the pipeline computes it. Inputs are the scheduler "
    "config's own names.":
        "按管线的调用方式运行 diffusers 的 FlowMatchEulerDiscreteScheduler.set_timesteps，适用于任意配置：'flux' 传"
        "入 sigmas = linspace(1, 1/N, N)（FLUX.1、FLUX.2、Qwen-Image、Z-Image），'sd3' 不传入（StableDiffusion3Pipeline）"
        "。开启 use_dynamic_shifting 时，mu 按管线的算法由 Latent 尺寸得出。各输入对应调度器配置中的同名参数。",
    "LightX2V's step-distilled schedule: the listed timesteps (1000 = pure noise) on a 1000-point table shifted by "
    "'shift'. Wan2.1 lightx2v / Wan2.2 Lightning: 1000, 750, 500, 250 at shift 5 (sigmas 1, 0.9375, 0.8333, 0.625); "
    "CausVid: 999, 934, 862, 756, 603, 410, 250, 140, 74 at shift 8.":
        "LightX2V 的步数蒸馏调度：在按 'shift' 移位的 1000 点表上取列出的时间步（1000 = 纯噪波）。Wan2.1 lightx2v / "
        "Wan2.2 Lightning：1000、750、500、250，移位 5（Sigmas 1、0.9375、0.8333、0.625）；CausVid：999、934、862、"
        "756、603、410、250、140、74，移位 8。",
    "PCM's 50-point flow grid (Phased Consistency Models, SD3 LoRAs): the shifted training table at every 20th timestep, "
    "N steps taken at evenly spaced grid points. The flow counterpart of the LCM / TCD grid.":
        "PCM 的 50 点 flow 网格（Phased Consistency Models，SD3 LoRA）：移位后的训练表每隔 20 个时间步取一点，N 步取"
        "在均匀分布的网格点上。相当于 LCM / TCD 网格的 flow 版本。",
    "The published sampling recipe of a distilled model (SD1.5 / SDXL: TCD, Hyper-SD, Lightning, Turbo, LCM, DMD2, "
    "PCM; flow: FLUX.1, FLUX.2 klein and dev Turbo, SD3.5 Turbo, Hyper-SD3, PCM-SD3, Qwen-Image Lightning, Wan lightx2v, "
    "rCM Wan2.1, Z-Image-Turbo, MiniMax-H3 Turbo, HunyuanImage-2.1, HunyuanVideo-1.5, HiDream-I1, Kandinsky 5): its "
    "sampler and sigmas exactly as the authors' reference computes them, for the model as loaded (no ModelSampling "
    "node needed). Connect SAMPLER, SIGMAS and MODEL to SamplerCustom, set its CFG to 'cfg', and FluxGuidance to 'guidance' "
    "where the family has one. A recipe for another model family is refused.":
        "蒸馏模型官方发布的采样配方（SD1.5 / SDXL：TCD、Hyper-SD、Lightning、Turbo、LCM、DMD2、PCM；flow：FLUX.1、FLUX.2 "
        "klein 和 dev Turbo、SD3.5 Turbo、Hyper-SD3、PCM-SD3、Qwen-Image Lightning、Wan lightx2v、rCM Wan2.1、Z-Image-Turbo、"
        "MiniMax-H3 Turbo、HunyuanImage-2.1、HunyuanVideo-1.5、HiDream-I1、Kandinsky 5）：采样器和 Sigmas 与作者参考"
        "实现的计算完全一致，按已加载的模型计算（无需采样算法节点）。将 SAMPLER、SIGMAS 和 MODEL 连接到自定义采样器"
        "，把它的 CFG 设为 'cfg'，模型系列有引导时把 Flux引导设为 'guidance'。其他模型系列的配方会被拒绝。",
    "The published recipe of a model sampled in two parts, for two SamplerCustom nodes: two experts that share one "
    "schedule, split at the published boundary (Wan2.2 A14B Lightning, rCM Wan2.2 I2V: the high-noise expert samples "
    "the first part from the empty latent, the low-noise expert the second on its output with add_noise off), or two "
    "passes (LTX-2, LTX-Video distilled: the second pass samples the 2x upscaled result of the first with add_noise "
    "on, which re-noises it to its first sigma).":
        "分两段采样的模型的官方配方，供两个自定义采样器节点使用：两个专家共用一个调度，在官方边界处拆分（Wan2.2 A14B "
        "Lightning、rCM Wan2.2 I2V：高噪专家从空 Latent 采样第一段，低噪专家在其输出上采样第二段，关闭添加噪波）；或"
        "分两遍（LTX-2、LTX-Video 蒸馏版：第二遍对第一遍放大 2 倍的结果采样，开启添加噪波，将其重新加噪到第一个 sigma）"
        "。",
    "Loads a distilled LoRA (Hyper-SD, Lightning, LCM, TCD, DMD2, PCM, Qwen / Wan Lightning, ...) as LoraLoader does, "
    "recognises its published recipe from the file (its SHA-256, else the SHA-256 of its tensors, else its name and "
    "folder, said to be unverified; its keys must fit the recipe's model family) and gives the recipe: SAMPLER and "
    "SIGMAS for SamplerCustom, steps, cfg and guidance. The MODEL carries the recipe, so the plain KSampler with sampler "
    "'recipe' and scheduler 'recipe' samples it exactly. A file with no verified recipe is refused with what is known "
    "of it.":
        "像加载LoRA节点一样加载蒸馏 LoRA（Hyper-SD、Lightning、LCM、TCD、DMD2、PCM、Qwen / Wan Lightning 等），从文"
        "件识别其官方配方（依据文件的 SHA-256，其次是张量的 SHA-256，再次是文件名和文件夹，此时会注明未经验证；其键"
        "名须符合配方的模型系列），并给出配方：供自定义采样器使用的 SAMPLER 和 SIGMAS、步数、cfg 和引导。MODEL 携带"
        "配方，因此普通 K采样器选择采样器 'recipe' 和调度器 'recipe' 即可精确采样。没有已验证配方的文件会被拒绝，并"
        "说明已知信息。",
    "Recognises the distilled LoRA that core's LoraLoader (or LoraLoaderModelOnly) already applied to a MODEL: the "
    "applied weights are matched to a file in the loras folders, which is recognised as the Distilled LoRA Loader recognises "
    "it. Gives the recipe (SAMPLER, SIGMAS, steps, cfg, guidance) and the MODEL carrying it for KSampler's 'recipe' "
    "sampler and scheduler, so an existing graph gains the recipe without rewiring its loaders. A LoRA strength other "
    "than the recipe's is said in the text.":
        "识别 ComfyUI 自带的加载LoRA节点（或 LoRA加载器（仅模型））已应用到 MODEL 上的蒸馏 LoRA：将已应用的权重与 loras "
        "文件夹中的文件匹配，再像蒸馏 LoRA 加载器一样识别该文件。给出配方（SAMPLER、SIGMAS、步数、cfg、引导）以及携"
        "带配方的 MODEL，供 K采样器的 'recipe' 采样器和调度器使用，现有工作流无需重新连接加载器即可获得配方。LoRA 强"
        "度与配方不同时会在文本中注明。",
    "Loads a distilled checkpoint as CheckpointLoaderSimple does and recognises its published recipe from the file, "
    "as the Distilled LoRA Loader does for LoRAs: MODEL (carrying the recipe for KSampler's 'recipe' entries), CLIP "
    "and VAE, and the recipe's SAMPLER, SIGMAS, steps, cfg and guidance.":
        "像 Checkpoint加载器（简易）一样加载蒸馏 Checkpoint，并像蒸馏 LoRA 加载器识别 LoRA 那样从文件识别其官方配方"
        "：输出 MODEL（携带配方，供 K采样器的 'recipe' 选项使用）、CLIP 和 VAE，以及配方的 SAMPLER、SIGMAS、步数、cfg "
        "和引导。",
    "Loads a distilled diffusion model as UNETLoader does (default weight dtype) and recognises its published recipe "
    "from the file: MODEL (carrying the recipe for KSampler's 'recipe' entries) and the recipe's SAMPLER, SIGMAS, steps, "
    "cfg and guidance.":
        "像 UNet加载器一样加载蒸馏扩散模型（默认权重数据类型），并从文件识别其官方配方：输出 MODEL（携带配方，供 K采"
        "样器的 'recipe' 选项使用）以及配方的 SAMPLER、SIGMAS、步数、cfg 和引导。",
    "Loads one of the pack's tiny digit models (1 M parameters, trained on scikit-learn's 8x8 digits): the diffusion "
    "teacher, or its students distilled by LCM (lcd) or TCD (tcd); or a rectified-flow teacher and its 4-step students, "
    "loaded as Wan 2.1 models (ComfyUI 2025-02 or newer). They run in a few seconds on a CPU; use them to see what "
    "each few-step sampler and schedule does to a distilled model.":
        "加载本节点包的微型数字模型之一（100 万参数，在 scikit-learn 的 8x8 数字数据上训练）：扩散教师模型，或由 LCM（"
        "lcd）或 TCD（tcd）蒸馏的学生模型；或 rectified-flow 教师模型及其 4 步学生模型，作为 Wan 2.1 模型加载（需 ComfyUI "
        "2025-02 或更新版本）。它们在 CPU 上几秒即可运行，可用来观察各少步采样器和调度对蒸馏模型的影响。",
    "Turns the digit models' latents (which are the 8x8 images themselves) into IMAGEs, enlarged.":
        "将数字模型的 Latent（即 8x8 图像本身）放大后转换为 IMAGE。",

    # input names (core's words where core has the input)
    "model": "模型",
    "steps": "步数",
    "denoise": "降噪",
    "shift": "移位",
    "base_shift": "基础移位",
    "max_shift": "最大移位",
    "strength": "强度",
    "strength_model": "模型强度",
    "lora_name": "LoRA名称",
    "model_type": "模型类型",
    "latent": "Latent",
    "samples": "Latent",
    "clip": "CLIP",
    "name": "名称",
    "scale": "缩放",
    "timesteps": "时间步",
    "recipe": "配方",
    "recipe_strength": "按配方强度",
    "gamma": "gamma",
    "gamma_end": "末步gamma",
    "pipeline": "管线",
    "use_dynamic_shifting": "use_dynamic_shifting",
    "base_image_seq_len": "base_image_seq_len",
    "max_image_seq_len": "max_image_seq_len",
    "time_shift_type": "time_shift_type",
    "shift_terminal": "shift_terminal",
    "mu": "mu",
    # output names
    "sampler": "采样器",
    "sigmas": "Sigmas",
    "cfg": "cfg",
    "guidance": "引导",
    "vae": "VAE",
    "first_sigmas": "第一段Sigmas",
    "second_sigmas": "第二段Sigmas",
    "second_sampler": "第二段采样器",
    "unconditional": "无条件",

    # input tooltips
    "Stochasticity of every step (diffusers calls it eta; the Hyper-SD card's eta is this). 0: deterministic, sharpest "
    "detail, equals core euler (PCM). 0.3: TCD authors' default. 1: full re-noise each step (LCM-like, Hyper-SD unified "
    "LoRA). Higher is softer; raise it with more steps. With gamma_end set, the gamma of the first step.":
        "每一步的随机性（diffusers 称为 eta；Hyper-SD 模型卡中的 eta 即此值）。0：确定性，细节最锐利，等同于 ComfyUI "
        "的 euler（PCM）。0.3：TCD 作者的默认值。1：每步完全重新加噪（类似 LCM，Hyper-SD 统一 LoRA）。值越大越柔和；"
        "步数越多可调得越高。设置了末步gamma时，为第一步的 gamma。",
    "-1 (the default): the same as 'gamma', a constant gamma. A value in [0, 1] makes a ramp on purpose: gamma goes "
    "linearly from 'gamma' (first step) to this (last step), e.g. 0.5 -> 0.1 for stochastic early steps and detailed "
    "late ones.":
        "-1（默认）：与 'gamma' 相同，即恒定的 gamma。取 [0, 1] 中的值则形成渐变：gamma 从 'gamma'（第一步）线性变化"
        "到此值（最后一步），例如 0.5 -> 0.1，前几步随机、后几步保留细节。",
    "The model whose own sigma at each timestep is used.": "使用该模型自身在各时间步上的 sigma。",
    "Number of sampling steps.": "采样步数。",
    "Number of sampling steps (1 to 50).": "采样步数（1 到 50）。",
    "Number of sampling steps (1 to 50, the grid's size).": "采样步数（1 到 50，即网格大小）。",
    "img2img strength, as diffusers' `strength`: only the lowest strength x 50 grid timesteps are used. 1.0 for txt2img.":
        "图生图强度，同 diffusers 的 `strength`：只使用网格中最低的 强度 x 50 个时间步。文生图用 1.0。",
    "As in KSampler / BasicScheduler: below 1, the schedule is made for steps / denoise steps and only its last 'steps' "
    "are run (img2img). 1.0 for txt2img.":
        "同 K采样器 / 基本调度器：小于 1 时，按 步数 / 降噪 步生成调度，只运行最后 'steps' 步（图生图）。文生图用 1.0。",
    "Integer timesteps 0..999, strictly descending, separated by commas or spaces.":
        "整数时间步 0..999，严格递减，用逗号或空格分隔。",
    "Which table: auto picks it from the model.": "使用哪张表：auto 根据模型自动选择。",
    "The flow model (SD3, FLUX, Qwen-Image, Wan, Z-Image), as loaded: its own shift does not matter, its timestep is "
    "sigma x multiplier.":
        "已加载的 flow 模型（SD3、FLUX、Qwen-Image、Wan、Z-Image）：其自身的移位不影响结果，其时间步为 sigma x 乘数"
        "。",
    "flux: sigmas = linspace(1, 1/N, N) (FluxPipeline, Flux2Pipeline, QwenImagePipeline, ZImagePipeline); sd3: sigmas=None, "
    "down to the training table's last (shifted) sigma (StableDiffusion3Pipeline).":
        "flux：sigmas = linspace(1, 1/N, N)（FluxPipeline、Flux2Pipeline、QwenImagePipeline、ZImagePipeline）；sd3："
        "sigmas=None，一直到训练表最后一个（移位后的）sigma（StableDiffusion3Pipeline）。",
    "Static shift (when use_dynamic_shifting is off): 3 for SD3 and Z-Image.":
        "静态移位（关闭 use_dynamic_shifting 时）：SD3 和 Z-Image 为 3。",
    "Shift by mu (time_shift) instead of the static shift: FLUX.1-dev, FLUX.2, Qwen-Image.":
        "按 mu 移位（time_shift），而非静态移位：FLUX.1-dev、FLUX.2、Qwen-Image。",
    "mu at base_image_seq_len (calculate_shift).": "base_image_seq_len 处的 mu（calculate_shift）。",
    "mu at max_image_seq_len (calculate_shift).": "max_image_seq_len 处的 mu（calculate_shift）。",
    "Image tokens at which mu = base_shift.": "mu = base_shift 时的图像 token 数。",
    "Image tokens at which mu = max_shift.": "mu = max_shift 时的图像 token 数。",
    "exponential: e^mu / (e^mu + 1/t - 1); linear: mu / (mu + 1/t - 1).":
        "exponential：e^mu / (e^mu + 1/t - 1)；linear：mu / (mu + 1/t - 1)。",
    "Stretch the schedule so its last sigma is this (Qwen-Image's base config: 0.02); 0 = none.":
        "拉伸调度，使最后一个 sigma 等于此值（Qwen-Image 基础配置：0.02）；0 = 不拉伸。",
    "How mu follows the image size: calculate_shift (FLUX.1, Qwen-Image, Z-Image: linear in the token count) or compute_empirical_mu "
    "(FLUX.2: token and step count).":
        "mu 随图像尺寸变化的方式：calculate_shift（FLUX.1、Qwen-Image、Z-Image：与 token 数呈线性关系）或 compute_empirical_mu（"
        "FLUX.2：取决于 token 数和步数）。",
    "The latent you sample (e.g. the EmptyLatentImage): its size sets mu where the schedule depends on the image size "
    "(FLUX.1 dev LoRAs, FLUX.2). Not needed otherwise.":
        "要采样的 Latent（例如空Latent图像）：调度取决于图像尺寸时（FLUX.1 dev LoRA、FLUX.2），由它的尺寸决定 mu。其"
        "他情况无需连接。",
    "Whole timesteps 1..1000, strictly descending, separated by commas or spaces.":
        "整数时间步 1..1000，严格递减，用逗号或空格分隔。",
    "The table's shift (LightX2V's sample_shift).": "表的移位（LightX2V 的 sample_shift）。",
    "The grid's shift: 1 for PCM's shift-1 LoRAs, 3 for the shift-3 ones.":
        "网格的移位：PCM 的 shift-1 LoRA 用 1，shift-3 LoRA 用 3。",
    "The distilled model (or the base model with the distilled LoRA).": "蒸馏模型（或加载了蒸馏 LoRA 的基础模型）。",
    "The model (either expert: both have the same sampling); used to check its family.":
        "模型（任一专家均可：两者的采样方式相同）；用于检查其模型系列。",
    "Steps; one the recipe was published for (e.g. 2, 4 or 8 for SDXL-Lightning, 4 for Wan Lightning).":
        "步数；须为配方官方发布的步数之一（例如 SDXL-Lightning 为 2、4 或 8，Wan Lightning 为 4）。",
    "The base model the LoRA was distilled for.": "该 LoRA 蒸馏时所基于的基础模型。",
    "The distilled LoRA file.": "蒸馏 LoRA 文件。",
    "Apply the LoRA at the recipe's strength (e.g. 0.125 for Hyper-FLUX); off: at strength_model.":
        "按配方的强度应用 LoRA（例如 Hyper-FLUX 为 0.125）；关闭时：按模型强度应用。",
    "The LoRA's strength on the model when recipe_strength is off.": "关闭按配方强度时，LoRA 作用于模型的强度。",
    "0: the file's step count (Hyper-SDXL-8steps: 8), else the recipe's first; or one the recipe was published for.":
        "0：使用文件对应的步数（Hyper-SDXL-8steps：8），否则用配方的第一个步数；也可填配方官方发布的步数之一。",
    "The text encoder, where the LoRA has text-encoder weights (SD1.5 / SDXL).":
        "文本编码器，用于 LoRA 含有文本编码器权重的情况（SD1.5 / SDXL）。",
    "A model with a distilled LoRA applied by core's LoraLoader.":
        "已由 ComfyUI 自带的加载LoRA节点应用了蒸馏 LoRA 的模型。",
    "The distilled model file (SDXL-Lightning, SDXL-Turbo, FLUX.1-schnell, FLUX.2 klein, SD3.5 Large Turbo, Z-Image-Turbo, "
    "HiDream-I1, LTX-2 distilled, ...).":
        "蒸馏模型文件（SDXL-Lightning、SDXL-Turbo、FLUX.1-schnell、FLUX.2 klein、SD3.5 Large Turbo、Z-Image-Turbo、"
        "HiDream-I1、LTX-2 distilled 等）。",
    "teacher: the diffusion model (needs many steps); lcd: its latent-consistency-distilled student (LCM sampler); "
    "tcd: its trajectory-consistency-distilled student (TCD sampler). flow_teacher: a flow model (Wan 2.1's sampling, "
    "shift 8); flow_student: distilled for 4 Euler steps at LightX2V's sigmas (the Wan2.1 lightx2v StepDistill recipe); "
    "flow_lcm_student: the same steps, re-noised (the recipe's re-noised variant).":
        "teacher：扩散模型（需要很多步）；lcd：它经潜在一致性蒸馏的学生模型（LCM 采样器）；tcd：它经轨迹一致性蒸馏的"
        "学生模型（TCD 采样器）。flow_teacher：flow 模型（Wan 2.1 的采样方式，移位 8）；flow_student：按 LightX2V 的 "
        "Sigmas 蒸馏为 4 步 Euler（Wan2.1 lightx2v StepDistill 配方）；flow_lcm_student：相同步数，重新加噪（该配方"
        "的重新加噪变体）。",
    "Latents sampled with a FewStep digit model.": "用 FewStep 数字模型采样得到的 Latent。",
    "Each pixel becomes a scale x scale block (8 gives 64x64 images).":
        "每个像素放大为 缩放 x 缩放 的方块（8 得到 64x64 的图像）。",

    # the recipe inputs' tooltips: a header, then one line per recipe
    "The published recipe (CFG 1.0 = guidance off, diffusers' guidance_scale <= 1):":
        "官方发布的配方（CFG 1.0 = 关闭引导，即 diffusers 的 guidance_scale <= 1）：",
    "TCD LoRA: tcd (gamma 0.3), 4 to 50 steps, CFG 1.0": "TCD LoRA：tcd (gamma 0.3)，4 到 50 步，CFG 1.0",
    "Hyper-SD unified 1-step LoRA: tcd (gamma 1.0), 1 to 8 steps, CFG 1.0":
        "Hyper-SD unified 1-step LoRA：tcd (gamma 1.0)，1 到 8 步，CFG 1.0",
    "Hyper-SD N-step LoRA: euler, 2, 4 or 8 steps, CFG 1.0": "Hyper-SD N-step LoRA：euler，2、4 或 8 步，CFG 1.0",
    "Hyper-SDXL 1-step UNet: lcm_exact, 1 steps, CFG 1.0": "Hyper-SDXL 1-step UNet：lcm_exact，1 步，CFG 1.0",
    "SDXL-Lightning: euler, 2, 4 or 8 steps, CFG 1.0": "SDXL-Lightning：euler，2、4 或 8 步，CFG 1.0",
    "SDXL-Turbo: euler_ancestral, 1, 2, 3 or 4 steps, CFG 1.0":
        "SDXL-Turbo：euler_ancestral，1、2、3 或 4 步，CFG 1.0",
    "LCM / LCM-LoRA: lcm_exact, 1 to 8 steps, CFG 1.0": "LCM / LCM-LoRA：lcm_exact，1 到 8 步，CFG 1.0",
    "DMD2 4-step: lcm_exact, 4 steps, CFG 1.0": "DMD2 4-step：lcm_exact，4 步，CFG 1.0",
    "DMD2 1-step: lcm_exact, 1 steps, CFG 1.0": "DMD2 1-step：lcm_exact，1 步，CFG 1.0",
    "PCM: euler, 2, 4, 8 or 16 steps, CFG 1.0": "PCM：euler，2、4、8 或 16 步，CFG 1.0",
    "FLUX.1-schnell: euler, 1, 2, 3 or 4 steps, CFG 1.0": "FLUX.1-schnell：euler，1、2、3 或 4 步，CFG 1.0",
    "Hyper-FLUX.1-dev N-step LoRA: euler, 8 or 16 steps, CFG 1.0, guidance 3.5":
        "Hyper-FLUX.1-dev N-step LoRA：euler，8 或 16 步，CFG 1.0，引导 3.5",
    "FLUX.1-Turbo-Alpha: euler, 8 steps, CFG 1.0, guidance 3.5": "FLUX.1-Turbo-Alpha：euler，8 步，CFG 1.0，引导 3.5",
    "FLUX.2 klein (distilled): euler, 4 steps, CFG 1.0": "FLUX.2 klein (distilled)：euler，4 步，CFG 1.0",
    "SD3.5 Large Turbo: euler, 4 steps, CFG 1.0": "SD3.5 Large Turbo：euler，4 步，CFG 1.0",
    "Hyper-SD3 N-step CFG LoRA: euler, 4, 8 or 16 steps, CFG 3 / 5 / 7 at 4 / 8 / 16 steps":
        "Hyper-SD3 N-step CFG LoRA：euler，4、8 或 16 步，CFG 3 / 5 / 7 对应 4 / 8 / 16 步",
    "PCM-SD3 deterministic, shift 1: euler, 2 or 4 steps, CFG 1.2":
        "PCM-SD3 deterministic, shift 1：euler，2 或 4 步，CFG 1.2",
    "PCM-SD3 deterministic, shift 3: euler, 4 steps, CFG 1.2": "PCM-SD3 deterministic, shift 3：euler，4 步，CFG 1.2",
    "PCM-SD3 stochastic, shift 3: lcm, 4 steps, CFG 1.2": "PCM-SD3 stochastic, shift 3：lcm，4 步，CFG 1.2",
    "Qwen-Image-Lightning: euler, 4 or 8 steps, CFG 1.0": "Qwen-Image-Lightning：euler，4 或 8 步，CFG 1.0",
    "Qwen-Image-Edit-2509-Lightning: euler, 4 or 8 steps, CFG 1.0":
        "Qwen-Image-Edit-2509-Lightning：euler，4 或 8 步，CFG 1.0",
    "Qwen-Image-Edit-2511-Lightning: euler, 4 or 8 steps, CFG 1.0":
        "Qwen-Image-Edit-2511-Lightning：euler，4 或 8 步，CFG 1.0",
    "Qwen-Image-2512-Lightning: euler, 4 steps, CFG 1.0": "Qwen-Image-2512-Lightning：euler，4 步，CFG 1.0",
    "Wan2.1 lightx2v StepDistill: euler, 4 steps, CFG 1.0": "Wan2.1 lightx2v StepDistill：euler，4 步，CFG 1.0",
    "Wan2.1 lightx2v StepDistill, re-noised as trained: lcm, 4 steps, CFG 1.0":
        "Wan2.1 lightx2v StepDistill, re-noised as trained（按训练方式重新加噪）：lcm，4 步，CFG 1.0",
    "Z-Image-Turbo: euler, 8 steps, CFG 1.0": "Z-Image-Turbo：euler，8 步，CFG 1.0",
    "MiniMax-H3 lightx2v 4-step v1.1: euler, 4 steps, CFG 1.0, sets the model's MiniMaxH3SigmaShift(shift_video 6, "
    "shift_audio 3)":
        "MiniMax-H3 lightx2v 4-step v1.1：euler，4 步，CFG 1.0，设置模型的 MiniMaxH3SigmaShift(shift_video 6, shift_audio "
        "3)",
    "MiniMax-H3 lightx2v 8-step: euler, 8 steps, CFG 1.0, sets the model's MiniMaxH3SigmaShift(shift_video 12, shift_audio "
    "3)":
        "MiniMax-H3 lightx2v 8-step：euler，8 步，CFG 1.0，设置模型的 MiniMaxH3SigmaShift(shift_video 12, shift_audio "
        "3)",
    "MiniMax-H3 HyperFlow 8-step: euler, 8 steps, CFG 1.0, sets the model's MiniMaxH3SigmaShift(shift_video 12, shift_audio "
    "3)":
        "MiniMax-H3 HyperFlow 8-step：euler，8 步，CFG 1.0，设置模型的 MiniMaxH3SigmaShift(shift_video 12, shift_audio "
        "3)",
    "FLUX.2-dev Turbo: euler, 8 steps, CFG 1.0, guidance 2.5": "FLUX.2-dev Turbo：euler，8 步，CFG 1.0，引导 2.5",
    "FLUX.2-dev Turbo, list as typed: euler, 8 steps, CFG 1.0, guidance 2.5":
        "FLUX.2-dev Turbo, list as typed（按原文列表）：euler，8 步，CFG 1.0，引导 2.5",
    "rCM Wan2.1 T2V: lcm, 1, 2, 3 or 4 steps, CFG 1.0": "rCM Wan2.1 T2V：lcm，1、2、3 或 4 步，CFG 1.0",
    "HunyuanImage-2.1 distilled: euler, 8 steps, CFG 1.0, guidance 3.25":
        "HunyuanImage-2.1 distilled：euler，8 步，CFG 1.0，引导 3.25",
    "HunyuanVideo-1.5 step-distilled: euler, 8 or 12 steps, CFG 1.0":
        "HunyuanVideo-1.5 step-distilled：euler，8 或 12 步，CFG 1.0",
    "HunyuanVideo-1.5 SR step-distilled: euler, 6 or 8 steps, CFG 1.0":
        "HunyuanVideo-1.5 SR step-distilled：euler，6 或 8 步，CFG 1.0",
    "HiDream-I1 Dev: lcm, 28 steps, CFG 1.0": "HiDream-I1 Dev：lcm，28 步，CFG 1.0",
    "HiDream-I1 Fast: lcm, 16 steps, CFG 1.0": "HiDream-I1 Fast：lcm，16 步，CFG 1.0",
    "Kandinsky 5 T2V Lite distilled16steps: euler, 16 steps, CFG 1.0":
        "Kandinsky 5 T2V Lite distilled16steps：euler，16 步，CFG 1.0",
    "Wan2.2 Lightning A14B T2V: euler, 4 steps, CFG 1.0; high-noise expert for the steps at sigma >= 0.875, low-noise "
    "expert after":
        "Wan2.2 Lightning A14B T2V：euler，4 步，CFG 1.0；sigma >= 0.875 的步由高噪专家采样，之后由低噪专家采样",
    "Wan2.2 Lightning A14B I2V: euler, 4 steps, CFG 1.0; high-noise expert for the steps at sigma >= 0.9, low-noise "
    "expert after":
        "Wan2.2 Lightning A14B I2V：euler，4 步，CFG 1.0；sigma >= 0.9 的步由高噪专家采样，之后由低噪专家采样",
    "rCM Wan2.2 I2V A14B: lcm, 1, 2, 3 or 4 steps, CFG 1.0; high-noise expert for the steps at sigma >= 0.9, low-noise "
    "expert after":
        "rCM Wan2.2 I2V A14B：lcm，1、2、3 或 4 步，CFG 1.0；sigma >= 0.9 的步由高噪专家采样，之后由低噪专家采样",
    "LTX-2 / LTX-2.3 distilled: euler, 8 steps, CFG 1.0; stage 1 (half size), then stage 2 (the 2x upscaled latent) "
    "on sigmas 0.909375, 0.725, 0.421875":
        "LTX-2 / LTX-2.3 distilled：euler，8 步，CFG 1.0；先第 1 阶段（一半尺寸），再第 2 阶段（放大 2 倍的 Latent）"
        "，Sigmas 为 0.909375, 0.725, 0.421875",
    "LTX-2.5 distilled: euler_ancestral (eta 1.0, s_noise 1.0), 8 steps, CFG 1.0; stage 1 (half size), then stage 2 "
    "(the 2x upscaled latent) on sigmas 0.909375, 0.725, 0.421875":
        "LTX-2.5 distilled：euler_ancestral (eta 1.0, s_noise 1.0)，8 步，CFG 1.0；先第 1 阶段（一半尺寸），再第 2 "
        "阶段（放大 2 倍的 Latent），Sigmas 为 0.909375, 0.725, 0.421875",
    "LTX-Video 0.9.8 distilled: euler, 7 steps, CFG 1.0; first pass, then second pass (the upscaled latent) on sigmas "
    "0.9094, 0.725, 0.4219":
        "LTX-Video 0.9.8 distilled：euler，7 步，CFG 1.0；先第一遍，再第二遍（放大后的 Latent），Sigmas 为 0.9094, "
        "0.725, 0.4219",

    # output tooltips
    "The sampler, for SamplerCustom.": "采样器，供自定义采样器使用。",
    "Sigmas from the first timestep down to 0, for SamplerCustom.":
        "从第一个时间步到 0 的 Sigmas，供自定义采样器使用。",
    "The recipe's sampler.": "配方的采样器。",
    "The recipe's sigmas for this model (and image size).": "配方针对该模型（及图像尺寸）的 Sigmas。",
    "The recipe's sigmas for this model (and the latent's size).": "配方针对该模型（及 Latent 尺寸）的 Sigmas。",
    "The recipe's CFG for SamplerCustom (1.0 = off).": "配方的 CFG，供自定义采样器使用（1.0 = 关闭）。",
    "The recipe's CFG for both SamplerCustom nodes (1.0 = off).":
        "配方的 CFG，供两个自定义采样器节点使用（1.0 = 关闭）。",
    "The recipe's CFG (1.0 = off).": "配方的 CFG（1.0 = 关闭）。",
    "The recipe's FLUX guidance for FluxGuidance (0 where the family has none).":
        "配方的 FLUX 引导，供 Flux引导节点使用（模型系列没有引导时为 0）。",
    "The model to sample with: the input model, or a copy with the sampling the recipe sets (MiniMax-H3's shifts).":
        "用于采样的模型：输入的模型，或按配方设置了采样方式的副本（MiniMax-H3 的移位）。",
    "The recipe's sampler for the first part (and the second, unless second_sampler differs).":
        "配方第一段的采样器（第二段也用它，除非第二段采样器不同）。",
    "The first part: the high-noise expert's steps (at sigma >= the boundary), or the first pass.":
        "第一段：高噪专家的步（sigma >= 边界），或第一遍。",
    "The second part: the low-noise expert's steps down to 0, or the second pass's schedule.":
        "第二段：低噪专家直到 0 的步，或第二遍的调度。",
    "The sampler of the second part (LTX-2.5: Euler after an Euler-ancestral first pass).":
        "第二段的采样器（LTX-2.5：第一遍用 Euler ancestral，之后用 Euler）。",
    "The model with the LoRA, carrying its recipe for KSampler's 'recipe' entries.":
        "应用了 LoRA 的模型，携带其配方，供 K采样器的 'recipe' 选项使用。",
    "The CLIP with the LoRA (as given where there is none).":
        "应用了 LoRA 的 CLIP（LoRA 不含文本编码器权重时原样输出）。",
    "The recipe's steps: the file's, or the steps input.": "配方的步数：文件对应的步数，或步数输入的值。",
    "Which recipe, and how the file was recognised.": "所用配方，以及文件是如何被识别的。",
    "A model of 8x8 digits (eps with SD1.5's schedule, or flow_*: a Wan 2.1 flow model); sample it from an EmptyLatentImage "
    "of 64x64.":
        "8x8 数字模型（eps，使用 SD1.5 的调度；flow_* 则为 Wan 2.1 flow 模型）；从 64x64 的空Latent图像开始采样。",
    "An empty conditioning for the sampler's positive and negative inputs: the models are unconditional.":
        "空条件，供采样器的正面和负面条件输入使用：这些模型是无条件的。",
    "One grayscale digit image per latent channel.": "每个 Latent 通道输出一张灰度数字图像。",
}

# the node library's folders: nodeCategories.<word> (core's zh has "sampling", "samplers", "schedulers")
CATEGORIES = {"presets": "预设", "digits": "数字模型"}
