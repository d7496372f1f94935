#!/usr/bin/env python3
"""Independent oracle for the ContentCredentials tests.

Usage: python3 c2pa_oracle.py OUT_DIR
       python3 c2pa_oracle.py --read MIME FILE CA_PEM_FILE   (prints the Reader JSON)

Creates, in OUT_DIR, with c2pa-python (the c2pa-rs SDK) as the independent signer:
  ca.pem                   a test root CA (ES256 / P-256), the trust anchor
  unrelated-ca.pem         another root CA that issued nothing here
  ai.jpg                   a benign gradient JPEG declared AI-generated
                           (c2pa.created, trainedAlgorithmicMedia)
  ai.jpg.c2pa              the manifest store c2pa-python returned for ai.jpg
  edited.png               a gradient PNG edited from ai.jpg (c2pa.opened + c2pa.edited,
                           ai.jpg as its parentOf ingredient with its own manifest)
  edited.png.c2pa          its manifest store
  v1.jpg(.c2pa)            the same declaration in a version-1 claim (c2pa.claim)
  alg-ALG.png(.c2pa)       a gradient PNG signed with ES384, ES512, PS256 or Ed25519,
  alg-ALG.png.ca.pem       with the root CA of its own chain
  cases.json               for each file: the Reader JSON of c2pa-python (trust anchor set)
All images are benign gradients generated here with Pillow.
"""
import datetime
import io
import json
import os
import sys

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from PIL import Image

GENERATOR_NAME = "BulwarkOracleTest"
GENERATOR_VERSION = "1.2.3"
AI_TYPE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"


LEAF_KEYS = {
    "ES256": lambda: ec.generate_private_key(ec.SECP256R1()),
    "ES384": lambda: ec.generate_private_key(ec.SECP384R1()),
    "ES512": lambda: ec.generate_private_key(ec.SECP521R1()),
    "PS256": lambda: rsa.generate_private_key(public_exponent=65537, key_size=2048),
    "Ed25519": lambda: ed25519.Ed25519PrivateKey.generate(),
}


def make_chain(leaf_algorithm="ES256"):
    """A root CA and a leaf signing certificate in the profile c2pa-rs accepts."""
    now = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)
    later = now + datetime.timedelta(days=3650)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, "Bulwark Test Root CA"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bulwark Tests"),
    ])
    ca_cert = (
        x509.CertificateBuilder()
        .subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=True, crl_sign=True,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = LEAF_KEYS[leaf_algorithm]()
    leaf_cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([
            x509.NameAttribute(NameOID.COMMON_NAME, "Bulwark Test Signer"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Bulwark Tests"),
        ]))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now).not_valid_after(later)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False,
            data_encipherment=False, key_agreement=False, key_cert_sign=False, crl_sign=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = lambda c: c.public_bytes(serialization.Encoding.PEM).decode()
    key_pem = leaf_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    return pem(ca_cert), pem(leaf_cert), key_pem


def gradient(fmt, size=(96, 64)):
    """A benign colour gradient image, encoded as `fmt`."""
    image = Image.new("RGB", size)
    width, height = size
    image.putdata([(x * 255 // width, y * 255 // height, 128) for y in range(height) for x in range(width)])
    out = io.BytesIO()
    image.save(out, format=fmt)
    return out.getvalue()


def sign(manifest, mime, source, signer, ingredient=None):
    builder = c2pa.Builder(manifest)
    if ingredient is not None:
        ingredient_json, ingredient_mime, ingredient_bytes = ingredient
        builder.add_ingredient(ingredient_json, ingredient_mime, io.BytesIO(ingredient_bytes))
    dest = io.BytesIO()
    store = builder.sign(signer, mime, io.BytesIO(source), dest)
    return dest.getvalue(), bytes(store)


def read(mime, data, ca_pem):
    settings = {"verify": {"verify_trust": True}, "trust": {"trust_anchors": ca_pem}}
    context = c2pa.Context.from_dict(settings)
    reader = c2pa.Reader(mime, io.BytesIO(data), context=context)
    return json.loads(reader.json())


def main():
    if sys.argv[1] == "--read":
        mime, path, ca_path = sys.argv[2:5]
        with open(path, "rb") as f, open(ca_path) as ca:
            try:
                print(json.dumps(read(mime, f.read(), ca.read()), sort_keys=True))
            except c2pa.C2paError as error:
                print(json.dumps({"validation_state": "Error", "error": str(error)}))
        return
    out_dir = sys.argv[1]
    os.makedirs(out_dir, exist_ok=True)
    ca_pem, leaf_pem, key_pem = make_chain()
    signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, leaf_pem.encode(), key_pem.encode(), None))
    generator = [{"name": GENERATOR_NAME, "version": GENERATOR_VERSION}]

    ai_manifest = {
        "claim_generator_info": generator,
        "title": "ai.jpg",
        "format": "image/jpeg",
        "assertions": [{
            "label": "c2pa.actions",
            "data": {"actions": [{
                "action": "c2pa.created",
                "digitalSourceType": AI_TYPE,
                "softwareAgent": {"name": "Gradient Maker", "version": "0.1"},
                "when": "2026-01-02T03:04:05Z",
            }]},
        }],
    }
    ai_jpg, ai_store = sign(ai_manifest, "image/jpeg", gradient("JPEG"), signer)

    edited_manifest = {
        "claim_generator_info": generator,
        "title": "edited.png",
        "format": "image/png",
        "assertions": [{
            "label": "c2pa.actions",
            "data": {"actions": [
                {"action": "c2pa.opened", "parameters": {"ingredientIds": ["parent-1"]}},
                {"action": "c2pa.edited", "softwareAgent": {"name": "Gradient Editor"}},
            ]},
        }],
    }
    parent = ({"title": "ai.jpg", "relationship": "parentOf", "instance_id": "parent-1",
               "label": "parent-1"}, "image/jpeg", ai_jpg)
    edited_png, edited_store = sign(edited_manifest, "image/png", gradient("PNG"), signer, ingredient=parent)

    files = {"ai.jpg": ("image/jpeg", ai_jpg, ai_store), "edited.png": ("image/png", edited_png, edited_store)}

    # A version-1 claim (c2pa.claim, claim_generator string, c2pa.actions).
    v1_manifest = dict(ai_manifest, claim_version=1, title="v1.jpg", claim_generator="Bulwark Oracle/1.0")
    v1_jpg, v1_store = sign(v1_manifest, "image/jpeg", gradient("JPEG", (40, 30)), signer)
    files["v1.jpg"] = ("image/jpeg", v1_jpg, v1_store)

    # The other signature algorithms, each with its own leaf under its own root CA.
    for algorithm in ["ES384", "ES512", "PS256", "Ed25519"]:
        alg_ca_pem, alg_leaf_pem, alg_key_pem = make_chain(algorithm)
        alg_signer = c2pa.Signer.from_info(c2pa.C2paSignerInfo(
            algorithm.lower().encode(), (alg_leaf_pem + alg_ca_pem).encode(), alg_key_pem.encode(), None))
        name = "alg-%s.png" % algorithm
        data, store = sign(dict(ai_manifest, title=name, format="image/png"), "image/png", gradient("PNG", (32, 32)), alg_signer)
        files[name] = ("image/png", data, store)
        with open(os.path.join(out_dir, name + ".ca.pem"), "w") as f:
            f.write(alg_ca_pem)
    cases = {}
    for name, (mime, data, store) in files.items():
        with open(os.path.join(out_dir, name), "wb") as f:
            f.write(data)
        with open(os.path.join(out_dir, name + ".c2pa"), "wb") as f:
            f.write(store)
        anchor = ca_pem
        if name.startswith("alg-"):
            with open(os.path.join(out_dir, name + ".ca.pem")) as f:
                anchor = f.read()
        cases[name] = read(mime, data, anchor)
    with open(os.path.join(out_dir, "ca.pem"), "w") as f:
        f.write(ca_pem)
    with open(os.path.join(out_dir, "unrelated-ca.pem"), "w") as f:
        f.write(make_chain()[0])
    with open(os.path.join(out_dir, "cases.json"), "w") as f:
        json.dump(cases, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
