#!/usr/bin/env python3
"""Differential-test oracle for Bulwark's generator-parameter readers.

Writes small benign images (flat colour squares) carrying generator metadata into the
directory given as argv[1], parses each with sd-parsers (PyPI `sd-parsers`), and prints one
JSON object: {file name: {generator, samplers: [{name, seed, steps, cfg, model, prompts,
negative_prompts}]}}. The Swift test reads the same files with Bulwark and compares.
All prompts are plain, benign descriptions.
"""
import json
import os
import sys

from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sd_parsers import ParserManager

out_dir = sys.argv[1]
os.makedirs(out_dir, exist_ok=True)


def image():
    return Image.new("RGB", (16, 16), (40, 120, 200))


def write_png(name, texts):
    info = PngInfo()
    for key, value in texts.items():
        info.add_text(key, value)
    image().save(os.path.join(out_dir, name), pnginfo=info)


def write_jpeg_usercomment(name, text):
    img = image()
    exif = img.getexif()
    exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + text.encode("utf-16-be")
    img.save(os.path.join(out_dir, name), exif=exif.tobytes())


A1111 = (
    "a watercolor lighthouse on a cliff, (sunset:1.2), <lora:coastStyle:0.7>\n"
    "Negative prompt: blurry, low quality\n"
    "Steps: 28, Sampler: DPM++ 2M Karras, CFG scale: 6.5, Seed: 3141592653, Size: 512x768, "
    "Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.4, "
    'Lora hashes: "coastStyle: 0123456789ab", Version: v1.7.0'
)
A1111_MULTILINE = (
    "a red bicycle\nleaning on a wall, morning light\n"
    "Negative prompt: text,\nwatermark\n"
    "Steps: 20, Sampler: Euler a, CFG scale: 7, Seed: 42, Size: 640x640, Model hash: abcdef0123, "
    'Model: dreamModel_v3, TI hashes: "easyneg: 0a1b2c3d4e5f", Version: v1.9.4'
)

COMFY_PROMPT = {
    "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
    "10": {"class_type": "LoraLoader", "inputs": {"lora_name": "paperCraft.safetensors", "strength_model": 0.8,
                                                  "strength_clip": 0.8, "model": ["4", 0], "clip": ["4", 1]}},
    "6": {"class_type": "CLIPTextEncode", "inputs": {"text": "a paper craft fox in a forest", "clip": ["10", 1]}},
    "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "photo, noisy", "clip": ["10", 1]}},
    "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
    "3": {"class_type": "KSampler", "inputs": {"seed": 987654321, "steps": 30, "cfg": 5.5, "sampler_name": "dpmpp_2m",
                                               "scheduler": "karras", "denoise": 1.0, "model": ["10", 0],
                                               "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
    "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
    "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
}

WIDGETS = {
    "CheckpointLoaderSimple": ["ckpt_name"],
    "LoraLoader": ["lora_name", "strength_model", "strength_clip"],
    "CLIPTextEncode": ["text"],
    "EmptyLatentImage": ["width", "height", "batch_size"],
    "KSampler": ["seed", None, "steps", "cfg", "sampler_name", "scheduler", "denoise"],
    "SaveImage": ["filename_prefix"],
}


def workflow_from_prompt(prompt):
    """The editor ("workflow") form of an API graph, as ComfyUI saves both."""
    nodes, links = [], []
    for node_id, node in prompt.items():
        inputs = []
        for name, value in node["inputs"].items():
            if isinstance(value, list):
                link_id = len(links) + 1
                links.append([link_id, int(value[0]), value[1], int(node_id), len(inputs), "*"])
                inputs.append({"name": name, "type": "*", "link": link_id})
        widgets = [node["inputs"].get(name, "randomize") if name else "fixed"
                   for name in WIDGETS.get(node["class_type"], [])]
        nodes.append({"id": int(node_id), "type": node["class_type"], "inputs": inputs,
                      "widgets_values": widgets, "mode": 0})
    return {"last_node_id": max(int(k) for k in prompt), "nodes": nodes, "links": links, "version": 0.4}


NOVELAI_COMMENT = {"prompt": "a small cottage in snow, warm windows", "steps": 28, "height": 832, "width": 1216,
                   "scale": 5.0, "uncond_scale": 1.0, "cfg_rescale": 0.0, "seed": 2468013579, "n_samples": 1,
                   "noise_schedule": "native", "sampler": "k_euler_ancestral", "uc": "lowres, bad anatomy"}

write_png("a1111.png", {"parameters": A1111})
write_png("a1111_multiline.png", {"parameters": A1111_MULTILINE})
write_jpeg_usercomment("a1111.jpg", A1111)
write_png("comfyui.png", {"prompt": json.dumps(COMFY_PROMPT), "workflow": json.dumps(workflow_from_prompt(COMFY_PROMPT))})
write_png("novelai.png", {"Software": "NovelAI", "Source": "Stable Diffusion XL C1E1DE52",
                          "Description": NOVELAI_COMMENT["prompt"], "Comment": json.dumps(NOVELAI_COMMENT)})

manager = ParserManager()
result = {}
for name in sorted(os.listdir(out_dir)):
    info = manager.parse(os.path.join(out_dir, name))
    if info is None:
        result[name] = None
        continue
    samplers = []
    for sampler in info.samplers:
        params = sampler.parameters
        samplers.append({
            "name": sampler.name,
            "seed": params.get("seed"),
            "steps": params.get("steps"),
            "cfg": params.get("cfg_scale", params.get("cfg", params.get("scale"))),
            "model": sampler.model.name if sampler.model else None,
            "model_hash": sampler.model.hash if sampler.model else None,
            "prompts": [p.value for p in sampler.prompts],
            "negative_prompts": [p.value for p in sampler.negative_prompts],
        })
    result[name] = {"generator": info.generator.name, "samplers": samplers}
print(json.dumps(result, default=str))
