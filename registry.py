"""The one place that touches ComfyUI's global sampler and scheduler lists.

`register()` adds the pack's samplers to the plain KSampler's `sampler_name` dropdown
and its schedulers to the `scheduler` dropdown, on every ComfyUI generation it meets:

* samplers (all versions): `comfy.k_diffusion.sampling.sample_<name>` is looked up at
  sampling time; the name goes into `SAMPLER_NAMES` (the same list object as
  `KSampler.SAMPLERS`) and `KSAMPLER_NAMES`;
* schedulers: `SCHEDULER_HANDLERS` + `SCHEDULER_NAMES` (ComfyUI >= 0.3.10), else the
  hard-coded `calculate_sigmas` (2024-04..12) or `calculate_sigmas_scheduler`
  (before 2024-04) is wrapped once.

Rules: lists are appended in place, never rebound (nodes hold references to them);
registering twice adds nothing; a name another pack registered first is left alone with
one log line; any failure is logged and never stops the pack's nodes from loading.
"""

from __future__ import annotations

import logging

log = logging.getLogger("FewStep")

MARK = "_fewstep"  # set on every function this module installs, so a reload recognises its own


def _mark(fn):
    setattr(fn, MARK, True)
    return fn


def _ours(obj) -> bool:
    return getattr(getattr(obj, "handler", obj), MARK, False)


def _taken(kind: str, name: str, existing, names) -> bool:
    """Whether another pack registered `name` first: a function that is not ours is installed
    under it, or the name is listed with none of ours behind it. Logged once when so."""
    taken = (existing is not None and not _ours(existing)) or (existing is None and name in names)
    if taken:
        log.info("FewStep: %s %r is already registered by another pack; left alone", kind, name)
    return taken


def _append(lst, name: str) -> None:
    if lst is not None and name not in lst:
        lst.append(name)


def _register_sampler(samplers_mod, kdiff, name: str, fn) -> bool:
    attr = "sample_" + name
    existing = getattr(kdiff, attr, None)
    if _taken("sampler", name, existing, samplers_mod.SAMPLER_NAMES):
        return False
    if existing is None:
        setattr(kdiff, attr, _mark(fn))
    for names in (samplers_mod.SAMPLER_NAMES, getattr(samplers_mod, "KSAMPLER_NAMES", None),
                  samplers_mod.KSampler.SAMPLERS):
        _append(names, name)
    return existing is None


def _wrap_dispatch(samplers_mod, attr: str, takes_model: bool) -> dict:
    """Wrap an old, hard-coded scheduler dispatch function once; return its handler table."""
    current = getattr(samplers_mod, attr)
    if _ours(current):
        return current.handlers
    handlers = {}

    def dispatch(model, scheduler_name, steps):
        handler = handlers.get(scheduler_name)
        if handler is None:
            return current(model, scheduler_name, steps)
        return handler(model.model_sampling if takes_model else model, steps)

    dispatch.handlers = handlers
    setattr(samplers_mod, attr, _mark(dispatch))
    return handlers


def _register_scheduler(samplers_mod, name: str, fn) -> bool:
    table = getattr(samplers_mod, "SCHEDULER_HANDLERS", None)
    if table is None:
        if hasattr(samplers_mod, "calculate_sigmas"):
            table = _wrap_dispatch(samplers_mod, "calculate_sigmas", takes_model=False)
        elif hasattr(samplers_mod, "calculate_sigmas_scheduler"):
            table = _wrap_dispatch(samplers_mod, "calculate_sigmas_scheduler", takes_model=True)
        else:
            log.warning("FewStep: this ComfyUI has no known scheduler registry; %r is only a node", name)
            return False
    existing = table.get(name)
    if _taken("scheduler", name, existing, samplers_mod.SCHEDULER_NAMES):
        return False
    if existing is None:
        handler = _mark(fn)
        if hasattr(samplers_mod, "SchedulerHandler"):
            handler = samplers_mod.SchedulerHandler(handler, use_ms=True)
        table[name] = handler
    for names in (samplers_mod.SCHEDULER_NAMES, samplers_mod.KSampler.SCHEDULERS):
        _append(names, name)
    return existing is None


def register(samplers: dict, schedulers: dict) -> dict[str, list[str]]:
    """Add samplers {name: fn} and schedulers {name: fn(model_sampling, steps)}; return what this call added."""
    added = {"samplers": [], "schedulers": []}
    try:
        import comfy.k_diffusion.sampling as kdiff
        import comfy.samplers as samplers_mod
    except Exception:  # not inside ComfyUI, or a ComfyUI this pack does not know
        log.exception("FewStep: cannot import ComfyUI's sampler modules; dropdown entries not added")
        return added
    for kind, items, register_one in (
        ("samplers", samplers, lambda name, fn: _register_sampler(samplers_mod, kdiff, name, fn)),
        ("schedulers", schedulers, lambda name, fn: _register_scheduler(samplers_mod, name, fn)),
    ):
        for name, fn in items.items():
            try:
                if register_one(name, fn):
                    added[kind].append(name)
            except Exception:
                log.exception("FewStep: could not register %s %r", kind[:-1], name)
    return added
