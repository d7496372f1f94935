#!/usr/bin/env python3
"""Writes a folder of benign images carrying provenance metadata, for `bulwark bench provenance`.

usage: provenance_generate.py DIR COUNT

Each image is a small flat-colour picture (no people, no text) with one of these metadata
sets, in rotation: AUTOMATIC1111 parameters (PNG), ComfyUI prompt + workflow (PNG), EXIF
UserComment + XMP with an IPTC digital source type (JPEG), EXIF + XMP (WebP), and a plain
camera-style EXIF (JPEG). Prompts are plain, benign descriptions.
"""
import json
import os
import sys

from PIL import Image
from PIL.PngImagePlugin import PngInfo

SUBJECTS = ["a lighthouse at dusk", "a bowl of oranges", "a red bicycle", "a snowy cabin", "a paper boat on a pond",
            "a field of tulips", "a glass teapot", "a mountain lake", "a city tram", "a stack of books"]


def xmp_packet(subject, source_type):
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
 xmp:CreatorTool="Bench Generator 1.0" photoshop:Credit="Bench">
<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/{source_type}</Iptc4xmpExt:DigitalSourceType>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subject}</rdf:li></rdf:Alt></dc:description>
<dc:creator><rdf:Seq><rdf:li>Bench</rdf:li></rdf:Seq></dc:creator>
</rdf:Description></rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""


def a1111(subject, index):
    return (f"{subject}, watercolor, soft light <lora:styleA:0.6>\nNegative prompt: blurry, low quality\n"
            f"Steps: {20 + index % 10}, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: {1000 + index}, "
            f"Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, "
            f'Lora hashes: "styleA: 0123456789ab", Version: v1.10.1')


def comfy(subject, index):
    prompt = {
        "4": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "sd_xl_base_1.0.safetensors"}},
        "10": {"class_type": "LoraLoader", "inputs": {"lora_name": "detail.safetensors", "strength_model": 0.8,
                                                      "strength_clip": 0.8, "model": ["4", 0], "clip": ["4", 1]}},
        "6": {"class_type": "CLIPTextEncode", "inputs": {"text": subject + ", photo", "clip": ["10", 1]}},
        "7": {"class_type": "CLIPTextEncode", "inputs": {"text": "noisy", "clip": ["10", 1]}},
        "5": {"class_type": "EmptyLatentImage", "inputs": {"width": 1024, "height": 1024, "batch_size": 1}},
        "3": {"class_type": "KSampler", "inputs": {"seed": 5000 + index, "steps": 30, "cfg": 5.5, "sampler_name": "euler",
                                                   "scheduler": "normal", "denoise": 1.0, "model": ["10", 0],
                                                   "positive": ["6", 0], "negative": ["7", 0], "latent_image": ["5", 0]}},
        "8": {"class_type": "VAEDecode", "inputs": {"samples": ["3", 0], "vae": ["4", 2]}},
        "9": {"class_type": "SaveImage", "inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}},
    }
    workflow = {"nodes": [{"id": int(k), "type": v["class_type"], "widgets_values": []} for k, v in prompt.items()], "links": []}
    return json.dumps(prompt), json.dumps(workflow)


def main():
    directory, count = sys.argv[1], int(sys.argv[2])
    os.makedirs(directory, exist_ok=True)
    for index in range(count):
        subject = SUBJECTS[index % len(SUBJECTS)]
        colour = ((index * 37) % 256, (index * 91) % 256, (index * 53) % 256)
        image = Image.new("RGB", (64, 64), colour)
        kind = index % 5
        path = os.path.join(directory, f"{index:05d}")
        if kind == 0:
            info = PngInfo()
            info.add_text("parameters", a1111(subject, index))
            image.save(path + ".png", pnginfo=info)
        elif kind == 1:
            info = PngInfo()
            prompt, workflow = comfy(subject, index)
            info.add_text("prompt", prompt)
            info.add_text("workflow", workflow, zip=True)
            image.save(path + ".png", pnginfo=info)
        elif kind == 2:
            exif = image.getexif()
            exif[0x0131] = "Bench Generator 1.0"
            exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + a1111(subject, index).encode("utf-16-be")
            image.save(path + ".jpg", exif=exif.tobytes(), xmp=xmp_packet(subject, "trainedAlgorithmicMedia").encode())
        elif kind == 3:
            exif = image.getexif()
            exif[0x010E] = subject
            exif[0x0131] = "Bench Editor 2.0"
            image.save(path + ".webp", exif=exif.tobytes(), xmp=xmp_packet(subject, "digitalCapture").encode())
        else:
            exif = image.getexif()
            exif[0x010F] = "Bench Camera Co"
            exif[0x0110] = "Model 7"
            exif[0x013B] = "Bench"
            exif.get_ifd(0x8769)[0x9003] = "2024:05:06 07:08:09"
            image.save(path + ".jpg", exif=exif.tobytes())


if __name__ == "__main__":
    main()
