#!/usr/bin/env python3
"""Writes seed corpora for the Provenance fuzz targets: DIR/{containers,exif,xmp,generators}/.
Seeds are small benign images and metadata (flat colours, plain descriptions)."""
import io
import json
import os
import sys
import zlib

from PIL import Image
from PIL.PngImagePlugin import PngInfo

root = sys.argv[1]
for name in ("containers", "exif", "xmp", "generators"):
    os.makedirs(os.path.join(root, name), exist_ok=True)


def put(kind, name, data):
    with open(os.path.join(root, kind, name), "wb") as handle:
        handle.write(data if isinstance(data, bytes) else data.encode())


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about=""
 xmlns:xmp="http://ns.adobe.com/xap/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/" xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:stEvt="http://ns.adobe.com/xap/1.0/sType/ResourceEvent#" xmp:CreatorTool="Tool &amp; Co">
<Iptc4xmpExt:DigitalSourceType>http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia</Iptc4xmpExt:DigitalSourceType>
<dc:description><rdf:Alt><rdf:li xml:lang="x-default">a teapot &#x41;</rdf:li></rdf:Alt></dc:description>
<xmpMM:History><rdf:Seq><rdf:li stEvt:action="created" stEvt:softwareAgent="Editor"/>
<rdf:li rdf:parseType="Resource"><stEvt:action>saved</stEvt:action></rdf:li></rdf:Seq></xmpMM:History>
</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>"""
A1111 = ("a lighthouse <lora:style:0.5>\nNegative prompt: fog\nSteps: 20, Sampler: Euler a, CFG scale: 7, Seed: 1, "
         'Size: 512x512, Model hash: 6ce0161689, Model: base, Lora hashes: "style: 0123456789ab", Version: v1.9.0')
COMFY = {"1": {"class_type": "CheckpointLoaderSimple", "inputs": {"ckpt_name": "base.safetensors"}},
         "2": {"class_type": "LoraLoader", "inputs": {"lora_name": "l.safetensors", "model": ["1", 0], "clip": ["1", 1]}},
         "3": {"class_type": "CLIPTextEncode", "inputs": {"text": "a kite", "clip": ["2", 1]}},
         "4": {"class_type": "KSampler", "inputs": {"seed": 5, "steps": 9, "cfg": 4, "sampler_name": "euler",
                                                    "model": ["2", 0], "positive": ["3", 0], "negative": ["3", 0]}}}

image = Image.new("RGB", (8, 8), (10, 200, 90))
exif = image.getexif()
exif[0x0131] = "Tool 1"
exif[0x010E] = "a field"
exif.get_ifd(0x8769)[0x9286] = b"UNICODE\0" + A1111.encode("utf-16-be")
exif_bytes = exif.tobytes()

info = PngInfo()
info.add_text("parameters", A1111)
info.add_text("prompt", json.dumps(COMFY), zip=True)
info.add_itxt("XML:com.adobe.xmp", XMP)
buffer = io.BytesIO(); image.save(buffer, "PNG", pnginfo=info, exif=exif_bytes); put("containers", "a.png", buffer.getvalue())
buffer = io.BytesIO(); image.save(buffer, "JPEG", exif=exif_bytes, xmp=XMP.encode()); put("containers", "b.jpg", buffer.getvalue())
buffer = io.BytesIO(); image.save(buffer, "WEBP", exif=exif_bytes, xmp=XMP.encode()); put("containers", "c.webp", buffer.getvalue())
buffer = io.BytesIO(); image.save(buffer, "GIF", comment=b"a comment"); put("containers", "d.gif", buffer.getvalue())


def box(kind, payload):
    return (8 + len(payload)).to_bytes(4, "big") + kind + payload


tiff = exif_bytes[6:] if exif_bytes.startswith(b"Exif") else exif_bytes
item = (6).to_bytes(4, "big") + b"Exif\0\0" + tiff
infe = box(b"infe", b"\x02\0\0\0" + (1).to_bytes(2, "big") + b"\0\0Exif" + b"e\0")
iinf = box(b"iinf", b"\0\0\0\0" + (1).to_bytes(2, "big") + infe)
ftyp = box(b"ftyp", b"heic\0\0\0\0mif1heic")
iloc_len = 8 + 6 + 2 + 14
meta_len = 8 + 4 + len(iinf) + iloc_len
offset = len(ftyp) + meta_len + 8
iloc = box(b"iloc", b"\x01\0\0\0\x44\x00" + (1).to_bytes(2, "big") + (1).to_bytes(2, "big") + b"\0\0\0\0" +
           (1).to_bytes(2, "big") + offset.to_bytes(4, "big") + len(item).to_bytes(4, "big"))
put("containers", "e.heic", ftyp + box(b"meta", b"\0\0\0\0" + iinf + iloc) + box(b"mdat", item))

put("exif", "le.tiff", tiff)
put("exif", "be.tiff", b"MM\0*\0\0\0\x08\0\x01\x01\x31\0\x02\0\0\0\x05\0\0\0\x1aTool\0")
put("xmp", "a.xmp", XMP)
put("xmp", "b.xmp", "<a xmlns:p='urn:p'><p:b c='&lt;'><![CDATA[x]]></p:b><!-- c --></a>")
put("generators", "a1111", b"\x00" + A1111.encode())
put("generators", "comfy", b"\x01" + json.dumps(COMFY).encode())
put("generators", "invoke", b"\x03" + json.dumps({"positive_prompt": "a", "seed": 1, "model": {"name": "m", "hash": "ab"}}).encode())
put("generators", "dream", b"\x05" + b'"a cup [dust]" -s 5 -S 1 -W 64 -H 64')
put("generators", "novelai", b"\x06" + json.dumps({"prompt": "a", "uc": "b", "seed": 2}).encode())
put("generators", "swarm", b"\x00" + json.dumps({"sui_image_params": {"prompt": "a", "loras": ["x"], "loraweights": ["1"]}}).encode())
