/// A reference from a claim to an assertion: its `self#jumbf=` URL and hash.
struct C2PAHashedURI {
    /// The `self#jumbf=` URL.
    let url: String
    /// The expected hash.
    let hash: [UInt8]
    /// The algorithm named on the reference, if any (else the claim's).
    let algorithm: String?

    /// Reads a hashed-URI map (`url`, `hash`, optional `alg`).
    init(_ value: CBORValue, field: String) throws(ContentCredentialsError) {
        guard let url = value["url"]?.textValue else {
            throw ContentCredentialsError("claim", at: field, "hashed URI has no text 'url'")
        }
        guard let hash = value["hash"]?.bytesValue else {
            throw ContentCredentialsError("claim", at: field, "hashed URI '\(url)' has no byte-string 'hash'")
        }
        self.url = url
        self.hash = hash
        algorithm = value["alg"]?.textValue
    }

    /// The last path component of the URL: the assertion label.
    var label: String {
        String(url.split(separator: "/").last ?? Substring(url))
    }
}

/// The fields of a claim (`c2pa.claim` v1 or `c2pa.claim.v2`) this reader uses.
struct C2PAClaim {
    /// 1 for `c2pa.claim`, 2 for `c2pa.claim.v2`.
    let version: Int
    /// `claim_generator` (v1).
    let generator: String?
    /// `claim_generator_info` name.
    let generatorName: String?
    /// `claim_generator_info` version.
    let generatorVersion: String?
    /// `dc:title`.
    let title: String?
    /// `dc:format` (v1).
    let format: String?
    /// `alg`: the default hash algorithm.
    let algorithm: String?
    /// `signature`: the URI of the claim signature box.
    let signatureURI: String?
    /// The assertions the claim covers (`assertions`, or `created_assertions` and
    /// `gathered_assertions`).
    let assertions: [C2PAHashedURI]

    /// Reads a decoded claim. `label` is the claim box label (`c2pa.claim` or `c2pa.claim.v2`).
    init(_ value: CBORValue, label: String) throws(ContentCredentialsError) {
        guard value.mapEntries != nil else { throw ContentCredentialsError("claim", at: label, "not a CBOR map") }
        version = label == "c2pa.claim.v2" ? 2 : 1
        generator = value["claim_generator"]?.textValue
        // v2: one map; v1: an array of maps.
        let info = value["claim_generator_info"].map { $0.arrayValue?.first ?? $0 }
        generatorName = info?["name"]?.textValue
        generatorVersion = info?["version"]?.textValue
        title = value["dc:title"]?.textValue
        format = value["dc:format"]?.textValue
        algorithm = value["alg"]?.textValue
        signatureURI = value["signature"]?.textValue
        var references: [C2PAHashedURI] = []
        for field in ["assertions", "created_assertions", "gathered_assertions"] {
            guard let entry = value[field] else { continue }
            guard let list = entry.arrayValue else { throw ContentCredentialsError("claim", at: field, "not an array") }
            for (index, item) in list.enumerated() {
                references.append(try C2PAHashedURI(item, field: "\(field)[\(index)]"))
            }
        }
        assertions = references
    }
}
