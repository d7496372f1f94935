import ContentCredentials
import Foundation
import Testing

/// Files signed by c2pa-python (an independent implementation) read and verified by
/// `C2PAReader`.
@Suite struct OracleSignedFileTests {
    static let aiType = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

    @Test func extractedStoresEqualTheOnesTheSignerReturned() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        #expect(try TestContainerExtraction.jpegManifestStore(fixtures.bytes("ai.jpg")) == fixtures.bytes("ai.jpg.c2pa"))
        #expect(try TestContainerExtraction.pngManifestStore(fixtures.bytes("edited.png")) == fixtures.bytes("edited.png.c2pa"))
    }

    @Test func signedJPEGWithTrustedAnchorIsValidAndDeclaresAI() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let jpeg = try fixtures.bytes("ai.jpg")
        let reader = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")])
        let report = reader.read(manifestStore: try TestContainerExtraction.jpegManifestStore(jpeg), asset: jpeg)
        #expect(report.status == .valid, "\(report.statusReasons)")
        #expect(report.statusReasons.isEmpty)
        #expect(report.claimGeneratorName == "BulwarkOracleTest")
        #expect(report.claimGeneratorVersion == "1.2.3")
        #expect(report.title == "ai.jpg")
        #expect(report.actions == [C2PAAction(action: "c2pa.created", digitalSourceType: Self.aiType, softwareAgent: "Gradient Maker 0.1", when: "2026-01-02T03:04:05Z")])
        #expect(report.declaresAIGenerated)
        #expect(report.ingredients.isEmpty)
        #expect(report.signer?.commonName == "Bulwark Test Signer")
        #expect(report.signer?.organization == "Bulwark Tests")
        #expect(report.signer?.algorithm == "ES256")
        #expect(report.signer?.issuer?.contains("Bulwark Test Root CA") == true)
    }

    @Test func withoutTrustAnchorTheSameFileIsPresentButUnverifiable() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let jpeg = try fixtures.bytes("ai.jpg")
        let report = C2PAReader().read(manifestStore: try TestContainerExtraction.jpegManifestStore(jpeg), asset: jpeg)
        #expect(report.status == .presentButUnverifiable)
        #expect(report.statusReasons.count == 1)
        #expect(report.statusReasons.first?.contains("no trust anchor") == true)
        #expect(report.declaresAIGenerated)
    }

    @Test func anUnrelatedAnchorDoesNotMakeTheSignerTrusted() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let jpeg = try fixtures.bytes("ai.jpg")
        let store = try TestContainerExtraction.jpegManifestStore(jpeg)
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("unrelated-ca.pem")]).read(manifestStore: store, asset: jpeg)
        #expect(report.status == .presentButUnverifiable)
        #expect(report.statusReasons.contains { $0.contains("does not chain to a trust anchor") })
    }

    @Test func imageBytesChangedAfterSigningAreInvalid() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        var jpeg = try fixtures.bytes("ai.jpg")
        let store = try TestContainerExtraction.jpegManifestStore(jpeg)
        let scan = try TestContainerExtraction.jpegScanDataOffset(jpeg)
        jpeg[scan + 10] ^= 0x01
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")]).read(manifestStore: store, asset: jpeg)
        #expect(report.status == .invalid)
        #expect(report.statusReasons.contains { $0.contains("does not match its hard binding") })
    }

    @Test func claimBytesChangedAfterSigningBreakTheSignature() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let png = try fixtures.bytes("edited.png")
        var store = try TestContainerExtraction.pngManifestStore(png)
        // The generator name is in both claims; the last occurrence is the active manifest's.
        let offsets = store.occurrences(of: Array("BulwarkOracleTest".utf8))
        let last = try #require(offsets.last)
        store[last] = UInt8(ascii: "C")
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")]).read(manifestStore: store, asset: nil)
        #expect(report.status == .invalid)
        #expect(report.statusReasons.contains { $0.contains("claim signature does not verify") })
        #expect(report.claimGeneratorName == "CulwarkOracleTest")
    }

    @Test func assertionBytesChangedAfterSigningAreInvalidAndNamed() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let jpeg = try fixtures.bytes("ai.jpg")
        var store = try TestContainerExtraction.jpegManifestStore(jpeg)
        let offset = try #require(store.occurrences(of: Array("Gradient Maker".utf8)).last)
        store[offset] = UInt8(ascii: "H")
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")]).read(manifestStore: store, asset: jpeg)
        #expect(report.status == .invalid)
        #expect(report.statusReasons.contains { $0.contains("'c2pa.actions.v2' does not match its hash") })
    }

    @Test func editedPNGListsItsIngredientAndIsValid() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let png = try fixtures.bytes("edited.png")
        let reader = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")])
        let report = reader.read(manifestStore: try TestContainerExtraction.pngManifestStore(png), asset: png)
        #expect(report.status == .valid, "\(report.statusReasons)")
        #expect(report.actions.map(\.action) == ["c2pa.opened", "c2pa.edited"])
        #expect(!report.declaresAIGenerated)
        #expect(report.ingredients == [C2PAIngredient(title: "ai.jpg", format: "image/jpeg", relationship: "parentOf", hasManifest: true)])
    }

    @Test func missingAssetBytesLeaveTheBindingUnchecked() throws {
        guard let fixtures = try OracleFixtures.load() else { return }
        let png = try fixtures.bytes("edited.png")
        let report = C2PAReader(trustAnchorsPEM: [try fixtures.text("ca.pem")])
            .read(manifestStore: try TestContainerExtraction.pngManifestStore(png), asset: nil)
        #expect(report.status == .presentButUnverifiable)
        #expect(report.statusReasons == ["asset bytes were not given, so the hard binding was not checked"])
    }
}
