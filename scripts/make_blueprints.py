"""Write the subgraph blueprints into subgraphs/: `python3 scripts/make_blueprints.py`.

One blueprint per recipe (samplers/recipes.py), which ComfyUI 0.33.0 lists in the node library under
"Subgraph Blueprints" (app/subgraph_manager.py globs custom_nodes/*/subgraphs/*.json; the frontend names each
after its file and files it under its subgraph's `category`). It samples the MODEL it is given, the distilled
one: a LoRA already applied, or the distilled checkpoint; it loads no file. Inside, the recipe node with the
recipe chosen and core's SamplerCustom wired as the authors sample: FluxGuidance where the recipe has a
distilled guidance, two SamplerCustom for two experts (the second on the low-noise model, its noise off) or
two passes (LTX: the first pass's video latent upscaled 2x by LTXVLatentUpsampler between them). Steps and
seed are the blueprint's widgets, steps at the published count. A unit test fails when subgraphs/ differs
from `rendered()`.
"""

import json
import re
import sys
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from samplers.recipes import RECIPES, steps_text  # noqa: E402
from scripts.make_workflows import NODE_TYPES  # noqa: E402

OUT = ROOT / "subgraphs"
CATEGORY = "Few-step sampling"
# the widgets a blueprint links (to its own inputs or to the recipe node's outputs), by input name
WIDGET_TYPES = {"steps": "INT", "noise_seed": "INT", "cfg": "FLOAT", "guidance": "FLOAT"}
INPUT, OUTPUT = -10, -20  # the subgraph's input and output nodes, as the frontend numbers them
NAMESPACE = uuid.UUID("1c4a51f0-6d0e-4c0b-9f7e-3f1e2b7a9d10")  # stable ids: the same blueprint, the same file


def windows_safe(text: str) -> str:
    """A file name (the blueprint's display name) on every OS: no / \\ : * ? " < > |."""
    return re.sub(r'\s*[/\\:*?"<>|]\s*', " or ", text)


class Subgraph:
    """A subgraph definition as frontend 1.58 saves one: nodes, links by id, and the input and output nodes."""

    def __init__(self, name):
        self.name, self.nodes, self.links, self.inputs, self.outputs = name, [], [], [], []

    def _link(self, origin, slot, target, target_slot, kind):
        link = len(self.links) + 1
        self.links.append({"id": link, "origin_id": origin, "origin_slot": slot, "target_id": target,
                           "target_slot": target_slot, "type": kind})
        return link

    def input(self, name, kind):
        """A blueprint input; use the returned (INPUT, slot) as a source."""
        self.inputs.append({"id": str(uuid.uuid5(NAMESPACE, f"{self.name}/in/{name}")), "name": name, "type": kind,
                            "linkIds": [], "pos": [0, 20 * len(self.inputs)]})
        return INPUT, len(self.inputs) - 1

    def add(self, node_type, widgets=(), col=0, row=0, **inputs):
        """An inner node; `inputs`: name -> (source node or INPUT, slot), a widget among them too."""
        linked, widget_names, outputs = NODE_TYPES[node_type]
        node = {"id": len(self.nodes) + 1, "type": node_type, "pos": [330 * col, 200 * row], "size": [300, 160],
                "flags": {}, "order": len(self.nodes), "mode": 0, "inputs": [],
                "outputs": [{"name": n, "type": t, "links": []} for n, t in outputs],
                "properties": {"Node name for S&R": node_type}, "widgets_values": list(widgets)}
        sockets = linked + [(w, WIDGET_TYPES[w]) for w in widget_names if w in inputs]
        for name, kind in sockets:
            entry = {"name": name, "type": kind, "link": None}
            if name in WIDGET_TYPES and (name, kind) not in linked:
                entry["widget"] = {"name": name}
            if name in inputs:
                source, slot = inputs[name]
                origin = source if source == INPUT else source["id"]
                entry["link"] = self._link(origin, slot, node["id"], len(node["inputs"]), kind)
                owner = self.inputs[slot]["linkIds"] if source == INPUT else source["outputs"][slot]["links"]
                owner.append(entry["link"])
            node["inputs"].append(entry)
        self.nodes.append(node)
        return node

    def output(self, name, kind, source):
        node, slot = source
        self.outputs.append({"id": str(uuid.uuid5(NAMESPACE, f"{self.name}/out/{name}")), "name": name,
                             "type": kind, "linkIds": [self._link(node["id"], slot, OUTPUT, 0, kind)],
                             "pos": [1500, 20]})
        node["outputs"][slot]["links"].append(self.outputs[-1]["linkIds"][0])

    def blueprint(self, category, description, promoted) -> dict:
        """The file: one node of this subgraph on the root graph, showing `promoted` [(inner node, widget)]."""
        subgraph_id = str(uuid.uuid5(NAMESPACE, self.name))
        outer = {"id": len(self.nodes) + 1, "type": subgraph_id, "pos": [0, 0], "size": [320, 180], "flags": {},
                 "order": 0, "mode": 0,
                 "inputs": [{"name": i["name"], "type": i["type"], "link": None,
                             **({"widget": {"name": i["name"]}} if i["type"] in ("INT", "FLOAT") else {})}
                            for i in self.inputs],
                 "outputs": [{"name": o["name"], "type": o["type"], "links": []} for o in self.outputs],
                 "title": self.name,
                 "properties": {"proxyWidgets": [[str(node["id"]), widget] for node, widget in promoted]},
                 "widgets_values": []}
        definition = {
            "id": subgraph_id, "version": 1,
            "state": {"lastGroupId": 0, "lastNodeId": len(self.nodes), "lastLinkId": len(self.links),
                      "lastRerouteId": 0},
            "revision": 0, "config": {}, "name": self.name,
            "inputNode": {"id": INPUT, "bounding": [-200, 0, 120, 40 + 20 * len(self.inputs)]},
            "outputNode": {"id": OUTPUT, "bounding": [1500, 0, 120, 60]},
            "inputs": self.inputs, "outputs": self.outputs, "widgets": [], "nodes": self.nodes, "groups": [],
            "links": self.links, "extra": {}, "category": category, "description": description}
        return {"revision": 0, "last_node_id": outer["id"], "last_link_id": 0, "nodes": [outer], "links": [],
                "version": 0.4, "definitions": {"subgraphs": [definition]}, "extra": {}}


def kind(r) -> str:
    """"single", "experts" (two models split at a sigma) or "passes" (one model, an upscale between)."""
    return "single" if r.stages is None else "experts" if r.stages.boundary is not None else "passes"


def name(r) -> str:
    """The recipe's name first: the node search (frontend 1.58 NodeSearchService: Fuse, extended search,
    threshold 0.3, location 0) finds a word only near the start of a name."""
    suffix = {"single": "", "experts": ", two experts", "passes": ", two passes"}[kind(r)]
    return windows_safe(f"{r.name} (few-step sampler{suffix})")


def description(r) -> str:
    wants = ("the distilled model (its LoRA applied at strength "
             f"{r.lora_strength:g}, or the distilled checkpoint)" if r.lora_strength is not None
             else "the distilled model")
    parts = [f"{r.name}: sampler {r.sampler_label}, schedule {r.schedule.label()}, {steps_text(r.steps)} steps, "
             f"CFG {r.cfg_label}" + (f", FLUX guidance {r.guidance:g}" if r.guidance else "") + ".",
             f"Connect {wants}; it loads no file.",
             r.stages and f"Two parts: {r.stages.label()}.",
             r.model_patch and f"Samples the model after {r.model_patch.label()}.",
             r.note and r.note[0].upper() + r.note[1:] + ".",
             f"Source: {r.source}."]
    return " ".join(p for p in parts if p)


def build(r) -> dict:
    sg = Subgraph(name(r))
    models = [sg.input("high_noise_model", "MODEL"), sg.input("low_noise_model", "MODEL")] \
        if kind(r) == "experts" else [sg.input("model", "MODEL")]
    positive, negative = sg.input("positive", "CONDITIONING"), sg.input("negative", "CONDITIONING")
    latent = sg.input("latent_image", "LATENT")
    if kind(r) == "passes":
        upscale_model, vae = sg.input("upscale_model", "LATENT_UPSCALE_MODEL"), sg.input("vae", "VAE")
    seed, steps = sg.input("noise_seed", "INT"), sg.input("steps", "INT")
    sample = dict(negative=negative, noise_seed=seed)
    widgets = [True, 0, "randomize", r.cfg_for(r.steps[0])]
    if kind(r) == "single":
        preset = sg.add("FewStepRecipe", [r.name, r.steps[0]], 0, 1, model=models[0], latent=latent, steps=steps)
        cfg, model = (preset, 2), (preset, 4)
    else:
        preset = sg.add("FewStepTwoExpertRecipe", [r.name, r.steps[0]], 0, 1, model=models[0], steps=steps)
        cfg, model = (preset, 3), (preset, 5)
    if r.guidance is not None:  # FLUX-style distilled guidance, the recipe node's `guidance` output
        assert kind(r) == "single", f"{r.name}: the two-part recipe node has no guidance output"
        positive = (sg.add("FluxGuidance", [r.guidance], 1, 2, conditioning=positive, guidance=(preset, 3)), 0)
    first = sg.add("SamplerCustom", widgets, 1, 0, model=model, positive=positive, sampler=(preset, 0),
                   sigmas=(preset, 1), latent_image=latent, cfg=cfg, **sample)
    out = (first, 0)
    if kind(r) == "experts":  # the low-noise expert finishes the same noise: add_noise off
        out = (sg.add("SamplerCustom", [False, *widgets[1:]], 2, 0, model=models[1], positive=positive,
                      sampler=(preset, 4), sigmas=(preset, 2), latent_image=out, cfg=cfg, **sample), 0)
    elif kind(r) == "passes":
        audio_video = r.families[0].name == "LTX-2"  # the audio latent goes round the upscaler
        video = (sg.add("LTXVSeparateAVLatent", [], 2, 1, av_latent=out), 0) if audio_video else out
        upscaled = (sg.add("LTXVLatentUpsampler", [], 2, 2, samples=video, upscale_model=upscale_model, vae=vae), 0)
        if audio_video:
            upscaled = (sg.add("LTXVConcatAVLatent", [], 2, 3, video_latent=upscaled,
                               audio_latent=(video[0], 1)), 0)
        out = (sg.add("SamplerCustom", widgets, 3, 0, model=model, positive=positive, sampler=(preset, 4),
                      sigmas=(preset, 2), latent_image=upscaled, cfg=cfg, **sample), 0)
    sg.output("LATENT", "LATENT", out)
    category = f"{CATEGORY}/{windows_safe(', '.join(f.name for f in r.families))}"
    return sg.blueprint(category, description(r), [(preset, "steps"), (first, "noise_seed"),
                                                     (first, "control_after_generate")])


def rendered() -> dict:
    """{path: file text} of every blueprint this script writes."""
    return {OUT / f"{name(r)}.json": json.dumps(build(r), indent=1, ensure_ascii=False) + "\n" for r in RECIPES}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for path in OUT.glob("*.json"):
        path.unlink()
    for path, text in rendered().items():
        path.write_text(text)


if __name__ == "__main__":
    main()
