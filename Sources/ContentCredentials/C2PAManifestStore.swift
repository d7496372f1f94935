/// A C2PA manifest store laid out from its JUMBF tree: the manifests in order, each with its
/// claim, claim signature and assertion boxes.
struct C2PAManifestStore {
    /// The bytes the boxes' ranges point into.
    let bytes: [UInt8]
    /// The `c2pa` superbox.
    let root: JUMBFSuperbox
    /// The manifests, in store order; the last one is the active manifest.
    let manifests: [C2PAManifest]

    /// Lays out the store from `bytes`.
    init(bytes: [UInt8], limits: C2PALimits) throws(ContentCredentialsError) {
        self.bytes = bytes
        root = try JUMBFParser(limits: limits).parseSuperbox(bytes)
        guard root.description.label == "c2pa" || root.description.typeFourCC == "c2pa" else {
            throw ContentCredentialsError("manifest store", at: "byte 0", "the root superbox is '\(root.description.label ?? "unlabelled")', not a C2PA manifest store")
        }
        let manifestBoxes = root.superboxes.filter { $0.description.typeFourCC == "c2ma" || $0.description.typeFourCC == "c2um" }
        guard manifestBoxes.count <= limits.maxManifests else {
            throw ContentCredentialsError("manifest store", at: "byte 0", "\(manifestBoxes.count) manifests, over the limit \(limits.maxManifests)")
        }
        var manifests: [C2PAManifest] = []
        for box in manifestBoxes {
            manifests.append(try C2PAManifest(box: box))
        }
        self.manifests = manifests
    }

    /// The payload of the first content box of `box`.
    func payload(of box: JUMBFSuperbox, type: String? = nil) -> [UInt8]? {
        guard let content = box.contentBoxes.first(where: { type == nil || $0.type == type }) else { return nil }
        return Array(bytes[content.payloadRange])
    }

    /// The bytes a hashed URI to `box` covers: the superbox without its own header.
    func hashedBytes(of box: JUMBFSuperbox) -> ArraySlice<UInt8> {
        bytes[box.contentRange]
    }

    /// Resolves a `self#jumbf=` URI, relative to `manifest` or absolute from the store root.
    func resolve(_ uri: String, in manifest: C2PAManifest) -> JUMBFSuperbox? {
        let prefix = "self#jumbf="
        guard uri.hasPrefix(prefix) else { return nil }
        let path = uri.dropFirst(prefix.count)
        var components = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        var box: JUMBFSuperbox
        if path.hasPrefix("/") {
            guard components.first == root.description.label else { return nil }
            components.removeFirst()
            box = root
        } else {
            box = manifest.box
        }
        for component in components {
            guard let next = box.superbox(labelled: component) else { return nil }
            box = next
        }
        return box
    }
}

/// One manifest (`c2ma`) of a store.
struct C2PAManifest {
    /// The manifest superbox.
    let box: JUMBFSuperbox
    /// Its label (`urn:c2pa:...` or `urn:uuid:...`).
    let label: String
    /// The claim superbox (`c2pa.claim` or `c2pa.claim.v2`).
    let claimBox: JUMBFSuperbox
    /// The claim signature superbox (`c2pa.signature`), when present.
    let signatureBox: JUMBFSuperbox?
    /// The assertion store superbox (`c2pa.assertions`), when present.
    let assertionStore: JUMBFSuperbox?
    /// Whether this is an update manifest (`c2um`), which has no hard binding of its own.
    var isUpdateManifest: Bool { box.description.typeFourCC == "c2um" }

    init(box: JUMBFSuperbox) throws(ContentCredentialsError) {
        self.box = box
        guard let label = box.description.label else {
            throw ContentCredentialsError("manifest store", at: "byte \(box.offset)", "manifest superbox has no label")
        }
        self.label = label
        guard let claim = box.superboxes.first(where: { $0.description.typeFourCC == "c2cl" })
            ?? box.superbox(labelled: "c2pa.claim.v2") ?? box.superbox(labelled: "c2pa.claim")
        else {
            throw ContentCredentialsError("manifest", at: label, "no claim box (c2pa.claim or c2pa.claim.v2)")
        }
        claimBox = claim
        signatureBox = box.superboxes.first(where: { $0.description.typeFourCC == "c2cs" }) ?? box.superbox(labelled: "c2pa.signature")
        assertionStore = box.superboxes.first(where: { $0.description.typeFourCC == "c2as" }) ?? box.superbox(labelled: "c2pa.assertions")
    }
}
