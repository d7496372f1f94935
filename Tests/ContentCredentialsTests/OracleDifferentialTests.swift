import ContentCredentials
import Foundation
import Testing

/// Compares what `C2PAReader` decodes with what c2pa-python's Reader reports (its JSON) for the
/// same files, including files changed after signing.
@Suite struct OracleDifferentialTests {
    static let signedFiles = ["ai.jpg", "edited.png", "v1.jpg", "alg-ES384.png", "alg-ES512.png", "alg-PS256.png", "alg-Ed25519.png"]

    static func mime(_ name: String) -> String { name.hasSuffix(".png") ? "image/png" : "image/jpeg" }

    static func anchorName(_ name: String) -> String { name.hasPrefix("alg-") ? name + ".ca.pem" : "ca.pem" }

    static func store(_ name: String, _ bytes: [UInt8]) throws -> [UInt8] {
        name.hasSuffix(".png") ? try TestContainerExtraction.pngManifestStore(bytes) : try TestContainerExtraction.jpegManifestStore(bytes)
    }

    /// The status the oracle's validation state corresponds to.
    static func expectedStatus(_ oracle: JSONValue) -> C2PAStatus? {
        switch oracle["validation_state"]?.string {
        case "Trusted": .valid
        case "Valid": .presentButUnverifiable
        case "Invalid": .invalid
        default: nil
        }
    }

    @Test(arguments: signedFiles)
    func decodedFieldsMatchTheOracle(name: String) throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let oracle = try #require(fixtures.readerJSON[name])
        let bytes = try fixtures.bytes(name)
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text(Self.anchorName(name))])
            .read(manifestStore: try Self.store(name, bytes), asset: bytes)
        let label = try #require(oracle["active_manifest"]?.string)
        let manifest = try #require(oracle["manifests"]?[label])

        #expect(report.status == Self.expectedStatus(oracle), "\(report.statusReasons)")
        #expect(report.activeManifestLabel == label)
        #expect(report.title == manifest["title"]?.string)
        #expect(report.format == manifest["format"]?.string)
        #expect(report.claimGenerator == manifest["claim_generator"]?.string)
        let info = manifest["claim_generator_info"]?.array.first
        #expect(report.claimGeneratorName == info?["name"]?.string)
        #expect(report.claimGeneratorVersion == info?["version"]?.string)

        let oracleActions = (manifest["assertions"]?.array ?? [])
            .filter { ($0["label"]?.string ?? "").hasPrefix("c2pa.actions") }
            .flatMap { $0["data"]?["actions"]?.array ?? [] }
        #expect(report.actions.map(\.action) == oracleActions.map { $0["action"]?.string })
        #expect(report.actions.map(\.digitalSourceType) == oracleActions.map { $0["digitalSourceType"]?.string })
        #expect(report.actions.map(\.when) == oracleActions.map { $0["when"]?.string })
        #expect(report.actions.map(\.softwareAgent) == oracleActions.map { action in
            guard let agent = action["softwareAgent"] else { return nil }
            if let text = agent.string { return text }
            return [agent["name"]?.string, agent["version"]?.string].compactMap { $0 }.joined(separator: " ")
        })

        let oracleIngredients = manifest["ingredients"]?.array ?? []
        #expect(report.ingredients.map(\.title) == oracleIngredients.map { $0["title"]?.string })
        #expect(report.ingredients.map(\.format) == oracleIngredients.map { $0["format"]?.string })
        #expect(report.ingredients.map(\.relationship) == oracleIngredients.map { $0["relationship"]?.string })
        #expect(report.ingredients.map(\.hasManifest) == oracleIngredients.map { $0["active_manifest"] != nil })

        let signature = manifest["signature_info"]
        #expect(report.signer?.commonName == signature?["common_name"]?.string)
        #expect(report.signer?.algorithm?.lowercased() == signature?["alg"]?.string?.lowercased())
        if let issuer = signature?["issuer"]?.string {
            #expect(report.signer?.issuer?.contains(issuer) == true)
        }
    }

    /// One way of changing a signed file, and whether the store (true) or the asset changes.
    enum Tampering: String, CaseIterable, Sendable {
        case assertionText, claimText, scanData

        func apply(to bytes: inout [UInt8]) throws {
            switch self {
            case .assertionText:
                let offset = try #require(bytes.occurrences(of: Array("Gradient Maker".utf8)).last)
                bytes[offset] = UInt8(ascii: "H")
            case .claimText:
                let offset = try #require(bytes.occurrences(of: Array("BulwarkOracleTest".utf8)).last)
                bytes[offset] = UInt8(ascii: "C")
            case .scanData:
                bytes[try TestContainerExtraction.jpegScanDataOffset(bytes) + 20] ^= 0x04
            }
        }
    }

    @Test(arguments: Tampering.allCases)
    func tamperedFilesAreInvalidForBothReaders(tampering: Tampering) throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        var bytes = try fixtures.bytes("ai.jpg")
        try tampering.apply(to: &bytes)
        let oracle = try fixtures.oracleRead(mime: "image/jpeg", bytes: bytes)
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")])
            .read(manifestStore: try TestContainerExtraction.jpegManifestStore(bytes), asset: bytes)
        #expect(oracle["validation_state"]?.string == "Invalid")
        #expect(report.status == .invalid, "\(report.statusReasons)")
    }

    @Test func untrustedSignerIsValidButNotTrustedForBothReaders() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let bytes = try fixtures.bytes("ai.jpg")
        let oracle = try fixtures.oracleRead(mime: "image/jpeg", bytes: bytes, anchorName: "unrelated-ca.pem")
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("unrelated-ca.pem")])
            .read(manifestStore: try TestContainerExtraction.jpegManifestStore(bytes), asset: bytes)
        #expect(oracle["validation_state"]?.string == "Valid")
        #expect(report.status == .presentButUnverifiable)
    }
}
