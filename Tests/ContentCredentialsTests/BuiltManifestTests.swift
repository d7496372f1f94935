import Crypto
import _CryptoExtras
import Foundation
import Testing
import X509
@testable import ContentCredentials

/// Stores built and signed by the test itself: every algorithm, and every part broken in turn.
@Suite struct BuiltManifestTests {
    typealias E = TestCBOREncoding

    static func read(_ builder: TestManifestBuilder, _ breakage: TestManifestBuilder.Breakage = .init(), trusted: Bool = true, at time: Date = Date()) throws -> C2PAReport {
        C2PAReader(trustAnchorsPEM: trusted ? [builder.caPEM] : []).read(manifestStore: try builder.store(breakage), asset: builder.asset, at: time)
    }

    @Test func aWellFormedStoreIsValid() throws {
        let builder = try TestManifestBuilder()
        let report = try Self.read(builder)
        #expect(report.status == .valid, "\(report.statusReasons)")
        #expect(report.activeManifestLabel == "urn:c2pa:builder")
        #expect(report.claimGeneratorName == "Builder")
        #expect(report.claimGeneratorVersion == "9")
        #expect(report.title == "built.bin")
        #expect(report.declaresAIGenerated)
        #expect(report.signer == C2PASigner(commonName: "Builder Signer", organization: "Bulwark Builder", issuer: report.signer?.issuer, algorithm: "ES256"))
    }

    @Test func signingTimeComesFromATimeStampToken() throws {
        let builder = try TestManifestBuilder()
        #expect(try Self.read(builder).signer?.signingTime == nil)
        let token = try TestManifestBuilder.timeStampToken(year: 2026, month: 3, day: 4, hours: 5, minutes: 6, seconds: 7)
        for label in ["sigTst2", "sigTst"] {
            var breakage = TestManifestBuilder.Breakage()
            breakage.unprotectedHeader = E.map([(label, E.map([("tstTokens", .array([E.map([("val", .bytes(token))])]))]))])
            let report = try Self.read(builder, breakage)
            #expect(report.status == .valid)
            #expect(report.signer?.signingTime == "2026-03-04T05:06:07Z")
        }
        // A malformed token is ignored, not fatal.
        var garbage = TestManifestBuilder.Breakage()
        garbage.unprotectedHeader = E.map([("sigTst2", E.map([("tstTokens", .array([E.map([("val", .bytes([0x30, 0x01]))])]))]))])
        let report = try Self.read(builder, garbage)
        #expect(report.status == .valid)
        #expect(report.signer?.signingTime == nil)
    }

    @Test func everySignatureAlgorithmVerifies() throws {
        let keys: [TestManifestBuilder.SigningKey] = [
            .p384(P384.Signing.PrivateKey()),
            .ed25519(Curve25519.Signing.PrivateKey()),
            .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048), .ps256),
            .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048), .ps384),
            .rsa(try _RSA.Signing.PrivateKey(keySize: .bits2048), .ps512),
        ]
        for key in keys {
            let builder = try TestManifestBuilder(leafKey: key)
            let report = try Self.read(builder)
            #expect(report.status == .valid, "\(key.algorithm.name): \(report.statusReasons)")
            #expect(report.signer?.algorithm == key.algorithm.name)
            var bad = TestManifestBuilder.Breakage()
            bad.signDifferentBytes = true
            #expect(try Self.read(builder, bad).status == .invalid, "\(key.algorithm.name)")
        }
    }

    @Test func aBadSignatureIsInvalidEvenWithoutTrustAnchors() throws {
        let builder = try TestManifestBuilder()
        var breakage = TestManifestBuilder.Breakage()
        breakage.signDifferentBytes = true
        let report = try Self.read(builder, breakage, trusted: false)
        #expect(report.status == .invalid)
        #expect(report.statusReasons.first?.contains("claim signature does not verify") == true)
    }

    @Test func certificateProblemsMakeItUnverifiable() throws {
        let now = Date()
        let expired = try TestManifestBuilder(leafValidFor: (now - 86_400 * 10)...(now - 86_400))
        let expiredReport = try Self.read(expired)
        #expect(expiredReport.status == .presentButUnverifiable)
        #expect(expiredReport.statusReasons.contains { $0.contains("expired") })
        // The same store checked at a time inside the leaf's validity is valid.
        #expect(try Self.read(expired, at: now - 86_400 * 5).status == .valid)

        let serverOnly = try TestManifestBuilder(leafExtendedKeyUsage: [.serverAuth])
        let serverReport = try Self.read(serverOnly)
        #expect(serverReport.status == .presentButUnverifiable)
        #expect(serverReport.statusReasons.contains { $0.contains("extended key usage") })

        let garbageAnchor = C2PAReader(trustAnchorsPEM: ["-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"])
            .read(manifestStore: try expired.store(), asset: expired.asset)
        #expect(garbageAnchor.status == .presentButUnverifiable)
        #expect(garbageAnchor.statusReasons.contains { $0.contains("trust anchor 0 is not a readable PEM certificate") })
    }

    static func reasons(_ breakage: TestManifestBuilder.Breakage, builder: TestManifestBuilder) throws -> (C2PAStatus, String) {
        let report = try read(builder, breakage)
        return (report.status, report.statusReasons.joined(separator: " | "))
    }

    @Test func brokenCOSEIsInvalidWithAReason() throws {
        let builder = try TestManifestBuilder()
        let der = try TestManifestBuilder.der(builder.leafCertificate)
        let cases: [(String, (_ protected: [UInt8], _ signature: [UInt8]) throws -> [UInt8])] = [
            ("not a CBOR tag 18", { p, s in E.encode(.array([.bytes(p), .map([]), .null, .bytes(s)])) }),
            ("tag 98 is not COSE_Sign1", { p, s in E.encode(.tagged(98, .array([.bytes(p), .map([]), .null, .bytes(s)]))) }),
            ("has 3 elements", { p, _ in E.encode(.tagged(18, .array([.bytes(p), .map([]), .null]))) }),
            ("protected header: not a byte string", { _, s in E.encode(.tagged(18, .array([.map([]), .map([]), .null, .bytes(s)]))) }),
            ("unprotected header: not a CBOR map", { p, s in E.encode(.tagged(18, .array([.bytes(p), .null, .null, .bytes(s)]))) }),
            ("payload: neither", { p, s in E.encode(.tagged(18, .array([.bytes(p), .map([]), .unsigned(1), .bytes(s)]))) }),
            ("signature: not a byte string", { p, _ in E.encode(.tagged(18, .array([.bytes(p), .map([]), .null, .text("sig")]))) }),
            ("malformed claim signature: CBOR at byte", { p, s in Array(E.encode(.tagged(18, .array([.bytes(p), .map([]), .null, .bytes(s)]))).dropLast(5)) }),
            ("not a P256 signature", { p, s in E.encode(.tagged(18, .array([.bytes(p), .map([]), .null, .bytes(Array(s.prefix(10)))]))) }),
        ]
        for (expected, cose) in cases {
            var breakage = TestManifestBuilder.Breakage()
            breakage.coseOverride = cose
            let (status, reasons) = try Self.reasons(breakage, builder: builder)
            #expect(status == .invalid, "\(expected)")
            #expect(reasons.contains(expected) || reasons.contains("ES256 signature"), "\(expected) not in: \(reasons)")
        }
        let headers: [(String, CBORValue)] = [
            ("no algorithm", .map([CBORMapEntry(key: E.int(33), value: .bytes(der))])),
            ("algorithm is not an integer", .map([CBORMapEntry(key: E.int(1), value: .text("ES256")), CBORMapEntry(key: E.int(33), value: .bytes(der))])),
            ("no x5chain", .map([CBORMapEntry(key: E.int(1), value: E.int(-7))])),
            ("neither a byte string nor an array", .map([CBORMapEntry(key: E.int(1), value: E.int(-7)), CBORMapEntry(key: E.int(33), value: .unsigned(5))])),
            ("empty certificate array", .map([CBORMapEntry(key: E.int(1), value: E.int(-7)), CBORMapEntry(key: E.int(33), value: .array([]))])),
            ("not a DER X.509 certificate", .map([CBORMapEntry(key: E.int(1), value: E.int(-7)), CBORMapEntry(key: E.int(33), value: .bytes([0x30, 0x03, 1, 2, 3]))])),
            ("does not fit ES384", .map([CBORMapEntry(key: E.int(1), value: E.int(-35)), CBORMapEntry(key: E.int(33), value: .bytes(der))])),
            ("protected header: not a CBOR map", .array([])),
        ]
        for (expected, header) in headers {
            var breakage = TestManifestBuilder.Breakage()
            breakage.protectedHeader = header
            let (status, reasons) = try Self.reasons(breakage, builder: builder)
            #expect(status == .invalid, "\(expected)")
            #expect(reasons.contains(expected), "\(expected) not in: \(reasons)")
        }
        var unknown = TestManifestBuilder.Breakage()
        unknown.protectedHeader = .map([CBORMapEntry(key: E.int(1), value: E.int(-999)), CBORMapEntry(key: E.int(33), value: .bytes(der))])
        let (status, reasons) = try Self.reasons(unknown, builder: builder)
        #expect(status == .presentButUnverifiable)
        #expect(reasons.contains("algorithm -999 is not one C2PA allows"))
    }

    @Test func wrongTypesInTheClaimAndAssertionsAreInvalidWithAReason() throws {
        var builder = try TestManifestBuilder()
        let claims: [(String, CBORValue)] = [
            ("not a CBOR map", .array([])),
            ("created_assertions: not an array", E.map([("created_assertions", E.map([]))])),
            ("has no text 'url'", E.map([("created_assertions", .array([E.map([("hash", .bytes([1]))])]))])),
            ("has no byte-string 'hash'", E.map([("created_assertions", .array([E.map([("url", .text("self#jumbf=x"))])]))])),
            ("'self#jumbf=c2pa.assertions/nope' named by the claim is missing", E.map([("created_assertions", .array([E.map([("url", .text("self#jumbf=c2pa.assertions/nope")), ("hash", .bytes([1]))])]))])),
        ]
        for (expected, claim) in claims {
            var breakage = TestManifestBuilder.Breakage()
            breakage.claimOverride = E.encode(claim)
            let (status, reasons) = try Self.reasons(breakage, builder: builder)
            #expect(status == .invalid, "\(expected)")
            #expect(reasons.contains(expected), "\(expected) not in: \(reasons)")
        }
        var notCBOR = TestManifestBuilder.Breakage()
        notCBOR.claimOverride = [0x9f, 0x01]
        #expect(try Self.reasons(notCBOR, builder: builder).1.contains("malformed claim: CBOR at byte 2"))

        var missing = TestManifestBuilder.Breakage()
        missing.dropAssertionBox = true
        #expect(try Self.reasons(missing, builder: builder).1.contains("'self#jumbf=c2pa.assertions/c2pa.actions.v2' named by the claim is missing"))

        var noBinding = TestManifestBuilder.Breakage()
        noBinding.includeDataHash = false
        #expect(try Self.reasons(noBinding, builder: builder).1.contains("no hard binding"))

        var pastEnd = TestManifestBuilder.Breakage()
        pastEnd.dataHashExclusions = .array([E.map([("start", .unsigned(190)), ("length", .unsigned(20))])])
        #expect(try Self.reasons(pastEnd, builder: builder).1.contains("runs past the end of the 200-byte asset"))

        var negative = TestManifestBuilder.Breakage()
        negative.dataHashExclusions = .array([E.map([("start", E.int(-1)), ("length", .unsigned(20))])])
        #expect(try Self.reasons(negative, builder: builder).1.contains("needs non-negative integer 'start' and 'length'"))

        var overlapping = TestManifestBuilder.Breakage()
        overlapping.dataHashExclusions = .array([E.map([("start", .unsigned(10)), ("length", .unsigned(20))]), E.map([("start", .unsigned(15)), ("length", .unsigned(2))])])
        #expect(try Self.reasons(overlapping, builder: builder).1.contains("overlaps the previous exclusion"))

        builder.actions = .array([E.map([("when", .text("now"))])])
        #expect(try Self.reasons(.init(), builder: builder).1.contains("actions[0]: no text 'action'"))
        builder.actions = .text("created")
        #expect(try Self.reasons(.init(), builder: builder).1.contains("no 'actions' array"))
    }

    @Test func everyTruncationOfAStoreIsInvalidNeverACrash() throws {
        let builder = try TestManifestBuilder()
        let store = try builder.store()
        let reader = C2PAReader(trustAnchorsPEM: [builder.caPEM])
        for length in stride(from: 1, to: store.count, by: 7) {
            let report = reader.read(manifestStore: Array(store.prefix(length)), asset: builder.asset)
            #expect(report.status == .invalid, "prefix \(length)")
            #expect(!report.statusReasons.isEmpty)
        }
    }

    @Test func flippedBytesNeverCrashAndNeverLeaveSignedPartsValid() throws {
        let builder = try TestManifestBuilder()
        let store = try builder.store()
        let reader = C2PAReader(trustAnchorsPEM: [builder.caPEM])
        // The parts a flip must never go unnoticed in: the claim, the signature, the assertions.
        let manifest = try #require(try JUMBFParser().parseSuperbox(store).superboxes.first)
        var signedRanges = manifest.superboxes.filter { ["c2pa.claim.v2", "c2pa.signature"].contains($0.description.label) }
            .flatMap(\.contentBoxes).map(\.payloadRange)
        signedRanges += try #require(manifest.superbox(labelled: "c2pa.assertions")).superboxes.map(\.contentRange)
        #expect(signedRanges.count == 4)
        var checkedSignedFlips = 0
        for index in store.indices {
            var mutated = store
            mutated[index] ^= 0x01
            let report = reader.read(manifestStore: mutated, asset: builder.asset)
            if signedRanges.contains(where: { $0.contains(index) }) {
                checkedSignedFlips += 1
                #expect(report.status == .invalid, "flip at \(index)")
            }
            #expect(report.status == .valid ? report.statusReasons.isEmpty : !report.statusReasons.isEmpty)
        }
        #expect(checkedSignedFlips > 0)
    }

    @Test func anUpdateManifestIsReadButItsBindingIsNotClaimed() throws {
        let builder = try TestManifestBuilder()
        var breakage = TestManifestBuilder.Breakage()
        breakage.manifestFourCC = "c2um"
        breakage.includeDataHash = false
        let report = try Self.read(builder, breakage)
        #expect(report.status == .presentButUnverifiable)
        #expect(report.statusReasons == ["the active manifest is an update manifest; the hard binding of the manifest it updates is not checked"])
        #expect(report.actions.map(\.action) == ["c2pa.created"])
    }

    @Test func garbageIsInvalidAndSizeLimitsApply() throws {
        let reader = C2PAReader()
        #expect(reader.read(manifestStore: Array("not a manifest store".utf8), asset: nil).statusReasons.first?.contains("malformed manifest store: JUMBF at byte 0") == true)
        let notC2PA = JUMBFTestBuilder.superbox("json", label: "other", [])
        #expect(reader.read(manifestStore: notC2PA, asset: nil).statusReasons.first?.contains("not a C2PA manifest store") == true)
        let empty = JUMBFTestBuilder.superbox("c2pa", label: "c2pa", [])
        #expect(reader.read(manifestStore: empty, asset: nil).statusReasons == ["the manifest store holds no manifest"])
        let noClaim = JUMBFTestBuilder.superbox("c2pa", label: "c2pa", [JUMBFTestBuilder.superbox("c2ma", label: "urn:x", [])])
        #expect(reader.read(manifestStore: noClaim, asset: nil).statusReasons.first?.contains("no claim box") == true)
        var limits = C2PALimits.default
        limits.maxManifestStoreBytes = 10
        #expect(C2PAReader(limits: limits).read(manifestStore: [UInt8](repeating: 0, count: 11), asset: nil).statusReasons.first?.contains("over the limit 10") == true)
    }
}
