#!/usr/bin/env python3
"""Independent writers and readers for ModelScan's differential tests.

    model_oracle.py safetensors OUTDIR   # files written by the `safetensors` package (+ numpy)
    model_oracle.py gguf OUTDIR          # a file written by the `gguf` package
    model_oracle.py pickles OUTDIR       # pickle fixtures + what picklescan reports for each

Each command prints a JSON manifest on stdout. Pickles here are only ever *written*
(by pickle.dumps of plain data, or opcode by opcode); nothing is ever unpickled.
"""
import hashlib
import io
import json
import os
import pickle
import struct
import sys
import zipfile
from collections import OrderedDict


def sha256(path, start=0):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        f.seek(start)
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def tensor_data_hash(path):
    """kohya-ss addnet_hash_safetensors / Civitai AutoV3: SHA-256 of the bytes after the header."""
    with open(path, "rb") as f:
        n = int.from_bytes(f.read(8), "little")
    return sha256(path, 8 + n)


def cmd_safetensors(out):
    import numpy as np
    from safetensors import safe_open
    from safetensors.numpy import save_file

    tag_frequency = {"10_sample dir": {"sample tag": 10, "outdoors": 4}}
    fixtures = {
        "sd1_lora.safetensors": (
            {
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_down.weight": np.zeros((4, 768), np.float16),
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.lora_up.weight": np.zeros((320, 4), np.float16),
                "lora_unet_down_blocks_0_attentions_0_transformer_blocks_0_attn2_to_k.alpha": np.array(4.0, np.float32),
                "lora_te_text_model_encoder_layers_0_mlp_fc1.lora_down.weight": np.ones((4, 768), np.float32),
            },
            {
                "ss_output_name": "sample_output",
                "ss_base_model_version": "sd_v1",
                "ss_network_module": "networks.lora",
                "ss_network_dim": "4",
                "ss_network_alpha": "4.0",
                "ss_num_train_images": "10",
                "ss_tag_frequency": json.dumps(tag_frequency),
                "ss_dataset_dirs": json.dumps({"10_sample dir": {"n_repeats": 10, "img_count": 10}}),
                "modelspec.architecture": "stable-diffusion-v1/lora",
                "modelspec.title": "Sample",
            },
        ),
        "sdxl_lora.safetensors": (
            {
                "lora_unet_input_blocks_4_1_transformer_blocks_0_attn2_to_k.lora_down.weight": np.zeros((8, 2048), np.float16),
                "lora_te2_text_model_encoder_layers_0_mlp_fc1.lora_down.weight": np.zeros((8, 1280), np.float16),
            },
            {"ss_base_model_version": "sdxl_base_v1-0"},
        ),
        "flux_lora.safetensors": (
            {"lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight": np.zeros((4, 3072), np.dtype("bfloat16") if hasattr(np, "bfloat16") else np.float16)},
            {"modelspec.architecture": "flux-1-dev/lora"},
        ),
        "sd2_checkpoint.safetensors": (
            {
                "model.diffusion_model.input_blocks.1.1.transformer_blocks.0.attn2.to_k.weight": np.zeros((320, 1024), np.float16),
                "cond_stage_model.model.ln_final.weight": np.zeros((1024,), np.float32),
            },
            None,
        ),
        "embedding.safetensors": ({"emb_params": np.zeros((2, 768), np.float32)}, None),
        "ints.safetensors": ({"a": np.arange(6, dtype=np.int64).reshape(2, 3), "b": np.array([True, False]), "c": np.zeros((0, 5), np.uint8)}, {"note": "ünïcode ✓"}),
    }
    manifest = []
    for name, (tensors, metadata) in fixtures.items():
        path = os.path.join(out, name)
        save_file(tensors, path, metadata=metadata)
        with safe_open(path, framework="numpy") as f:
            read_meta = f.metadata() or {}
            entries = {}
            for key in f.keys():
                sl = f.get_slice(key)
                entries[key] = {"shape": list(sl.get_shape()), "dtype": sl.get_dtype()}
        manifest.append({"path": path, "metadata": read_meta, "tensors": entries,
                         "sha256": sha256(path), "autov3": tensor_data_hash(path)})
    print(json.dumps(manifest))


def cmd_gguf(out):
    import numpy as np
    import gguf
    from gguf import GGUFReader

    path = os.path.join(out, "tiny.gguf")
    w = gguf.GGUFWriter(path, "llama")
    w.add_name("Tiny Test Model")
    w.add_context_length(2048)
    w.add_embedding_length(64)
    w.add_block_count(2)
    w.add_float32("llama.rope.freq_base", 10000.0)
    w.add_bool("tiny.flag", True)
    w.add_int32("tiny.negative", -7)
    w.add_token_list(["<s>", "</s>", "hello", "wörld"])
    w.add_array("tiny.ints", [1, 2, 3])
    w.add_tensor("token_embd.weight", np.zeros((4, 64), np.float32))
    w.add_tensor("blk.0.attn_q.weight", np.zeros((64, 64), np.float16))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()

    r = GGUFReader(path)
    fields = {}
    for key, field in r.fields.items():
        if key.startswith("GGUF."):
            continue
        t = field.types[0]
        if t == gguf.GGUFValueType.ARRAY:
            fields[key] = {"array": len(field.data)}
        elif t == gguf.GGUFValueType.STRING:
            fields[key] = {"string": bytes(field.parts[field.data[0]]).decode("utf-8")}
        elif t == gguf.GGUFValueType.BOOL:
            fields[key] = {"bool": bool(field.parts[field.data[0]][0])}
        else:
            v = field.parts[field.data[0]][0]
            fields[key] = {"scalar": v.item() if hasattr(v, "item") else v}
    print(json.dumps([{"path": path, "fields": fields, "tensors": [t.name for t in r.tensors]}]))


# --- pickle fixtures, written opcode by opcode -----------------------------------------

def su(s):  # SHORT_BINUNICODE
    b = s.encode()
    return b"\x8c" + bytes([len(b)]) + b


def global0(module, name):
    return b"c" + module.encode() + b"\n" + name.encode() + b"\n"


def torch_zip(pkl_bytes, compress=zipfile.ZIP_STORED):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compress) as z:
        z.writestr("archive/data.pkl", pkl_bytes)
        z.writestr("archive/version", "3\n")
        z.writestr("archive/data/0", b"\x00" * 64)
    return buf.getvalue()


def zip64_archive(pkl_bytes):
    """A zip whose end records and entry sizes use ZIP64 (as PyTorch writes for large checkpoints),
    forced on a tiny archive by lowering zipfile's thresholds while writing."""
    saved = (zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT)
    zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = 8, 1
    try:
        return torch_zip(pkl_bytes)
    finally:
        zipfile.ZIP64_LIMIT, zipfile.ZIP_FILECOUNT_LIMIT = saved


def pickle_fixtures():
    fx = {}
    data = {"a": [1, 2, 3], "b": "text", "c": (1.5, None, True), "d": OrderedDict(x=1)}
    for p in range(0, 6):
        fx[f"benign_p{p}.pkl"] = pickle.dumps(data, protocol=p)
    tensor_pickle = (b"\x80\x02" + global0("collections", "OrderedDict") + b"q\x00)Rq\x01X\x06\x00\x00\x00weightq\x02"
                     + global0("torch._utils", "_rebuild_tensor_v2") + b"q\x03(X\x07\x00\x00\x00storageq\x04"
                     + global0("torch", "FloatStorage") + b"q\x05X\x01\x00\x00\x000q\x06X\x03\x00\x00\x00cpuq\x07K\x04tq\x08QK\x00K\x04\x85K\x01\x85\x89"
                     + global0("collections", "OrderedDict") + b")Rtq\tRq\nsb.")
    fx["torch_like.pt"] = torch_zip(tensor_pickle)
    fx["os_system_p0.pkl"] = global0("os", "system") + b"(S'echo hi'\ntR."
    fx["posix_system_p2.pkl"] = b"\x80\x02" + global0("posix", "system") + b"X\x07\x00\x00\x00echo hi\x85R."
    fx["builtins_eval_stack_global.pkl"] = (b"\x80\x04\x95\x20\x00\x00\x00\x00\x00\x00\x00" + su("builtins") + b"\x94" + su("eval") + b"\x94\x93\x94"
                                            + su("1+1") + b"\x94\x85\x94R\x94.")
    fx["memo_get_stack_global.pkl"] = (b"\x80\x04" + su("subprocess") + b"q\x00" + su("Popen") + b"q\x01" + b"00" + b"h\x00h\x01\x93"
                                       + su("ls") + b"\x85R.")
    fx["nonstring_stack_global.pkl"] = b"\x80\x04K\x05" + su("system") + b"\x93)R."
    fx["concatenated.pkl"] = pickle.dumps([1, 2], protocol=2) + global0("runpy", "_run_code") + b"(S'x'\ntR."
    fx["truncated_after_global.pkl"] = global0("webbrowser", "open") + b"(S'http://exa"
    fx["unknown_opcode.pkl"] = b"\x80\x02" + global0("socket", "create_connection") + b"\xff"
    fx["malicious_zip.pt"] = torch_zip(b"\x80\x02" + global0("__builtin__", "getattr") + b"X\x01\x00\x00\x00xX\x01\x00\x00\x00y\x86R.")
    fx["deflated_malicious_zip.pt"] = torch_zip(b"\x80\x02" + global0("os", "system") + b"X\x02\x00\x00\x00ls\x85R.", zipfile.ZIP_DEFLATED)
    fx["deflated_torch_like.pt"] = torch_zip(tensor_pickle, zipfile.ZIP_DEFLATED)
    fx["zip64_malicious.pt"] = zip64_archive(b"\x80\x02" + global0("subprocess", "check_output") + b"X\x02\x00\x00\x00ls\x85R.")
    fx["suspicious_numpy.pkl"] = b"\x80\x02" + global0("numpy.core.multiarray", "scalar") + b")R."
    fx["inst_opcode.pkl"] = b"(S'x'\ni" + b"builtins\ngetattr\n."
    fx["submodule_of_os.pkl"] = b"\x80\x02" + global0("os.path", "join") + b")R."
    fx["shutil_p5.pkl"] = b"\x80\x05" + su("shutil") + b"\x94" + su("rmtree") + b"\x94\x93\x94" + su("/tmp/x") + b"\x85R."
    # Legacy torch.save: magic, protocol version, sys info, the object, storage keys, then raw storage bytes.
    legacy = (pickle.dumps(0x1950A86A20F9469CFC6C, protocol=2) + pickle.dumps(1001, protocol=2)
              + pickle.dumps({"little_endian": True}, protocol=2) + tensor_pickle + pickle.dumps(["0"], protocol=2) + b"\x00" * 32)
    fx["legacy_torch.pt"] = legacy
    return fx


def cmd_pickles(out):
    from picklescan.scanner import scan_file_path

    manifest = []
    for name, blob in pickle_fixtures().items():
        path = os.path.join(out, name)
        with open(path, "wb") as f:
            f.write(blob)
        entry = {"path": path}
        try:
            r = scan_file_path(path)
            entry["globals"] = sorted({(g.module, g.name, g.safety.value) for g in r.globals})
            entry["scan_err"] = bool(r.scan_err)
            entry["issues"] = r.issues_count
        except Exception as e:  # picklescan raised: record it, the Swift side must still not crash
            entry["exception"] = f"{type(e).__name__}: {e}"
        manifest.append(entry)
    print(json.dumps(manifest))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    {"safetensors": cmd_safetensors, "gguf": cmd_gguf, "pickles": cmd_pickles}[sys.argv[1]](sys.argv[2])
