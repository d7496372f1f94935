import BulwarkCore
import MediaDecoding
import Testing

/// The "Bad input" list of issue 2: each gives a correct image or a clear error; nothing
/// crashes, hangs or allocates past the limit.
@Suite("Bad input")
struct BadInputTests {
    let decoder = ImageDecoder()

    @Test("zero bytes: a clear 'empty input' error")
    func zeroBytes() {
        #expect(throws: DecodingError.empty) { try decoder.decode([UInt8]()) }
        #expect(DecodingError.empty.description.contains("empty"))
    }

    @Test("bytes of no known format: the error shows the leading bytes")
    func unknownFormat() {
        let text = Array("just some text, not an image".utf8)
        #expect(throws: DecodingError.unknownFormat(leadingBytes: "6a 75 73 74 20 73 6f 6d 65 20 74 65")) {
            try decoder.decode(text)
        }
    }

    @Test("truncated PNG: a truncated error naming where the data ends")
    func truncatedPNG() throws {
        let png = greyPNG(width: 40, height: 30)
        let cut = Array(png.prefix(png.count / 2))
        do {
            _ = try decoder.decode(cut)
            Issue.record("a truncated PNG decoded")
        } catch {
            guard case .truncated(.png, let detail) = error else {
                Issue.record("expected truncated, got \(error)")
                return
            }
            #expect(detail.contains("\(cut.count)"))
        }
    }

    @Test("truncated files of every format: a DecodingError, or (when only bytes after the first image are lost) the same pixels")
    func truncatedEveryFormat() throws {
        guard let oracle = try OracleImages.load() else { return }
        for entry in oracle.images {
            let bytes = try oracle.bytes(of: entry.file)
            let whole = try decoder.decode(bytes)
            for fraction in [0.1, 0.5, 0.9, 0.99] {
                let cut = Array(bytes.prefix(max(1, Int(Double(bytes.count) * fraction))))
                do {
                    let decoded = try decoder.decode(cut)
                    // PIL too accepts a file whose image data is complete (e.g. a GIF's later
                    // frames or a PNG's trailing chunks are missing); the pixels must not change.
                    #expect(decoded.image == whole.image, "\(entry.file) cut to \(cut.count) bytes decoded differently")
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    @Test("truncated JPEG, GIF and WebP say 'truncated'", arguments: ["rgb420.jpg", "progressive.jpg", "still.gif", "lossy.webp"])
    func truncatedSaysSo(name: String) throws {
        guard let oracle = try OracleImages.load() else { return }
        let bytes = try oracle.bytes(of: name)
        do {
            _ = try decoder.decode(Array(bytes.prefix(bytes.count * 2 / 3)))
            Issue.record("\(name): a truncated file decoded")
        } catch {
            switch error {
            case .truncated: break
            default: Issue.record("\(name): expected truncated, got \(error)")
            }
        }
    }

    @Test("corrupt PNG (bad CRC in the image data): a corrupt error naming the chunk")
    func corruptPNG() {
        var png = greyPNG(width: 8, height: 8)
        let idat = png.count - 12 - 4 - 1 // last byte of IDAT's data, before its CRC and IEND
        png[idat] ^= 0xFF
        do {
            _ = try decoder.decode(png)
            Issue.record("a corrupt PNG decoded")
        } catch {
            guard case .corrupt(.png, let detail) = error else {
                Issue.record("expected corrupt, got \(error)")
                return
            }
            #expect(detail.contains("IDAT"))
        }
    }

    @Test("corrupt JPEG header (a frame with 0 components): a corrupt error")
    func corruptJPEG() {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x08, 0x08, 0x00, 0x10, 0x00, 0x10, 0x00,
                             0xFF, 0xDA, 0x00, 0x06, 0x00, 0x00, 0x3F, 0x00] + Array(repeating: 0x55, count: 64)
        #expect {
            try decoder.decode(jpeg)
        } throws: { error in
            guard let error = error as? DecodingError, case .corrupt(.jpeg, _) = error else { return false }
            return true
        }
    }

    @Test("seeded byte flips in every generated file: decoded or a DecodingError, never a crash")
    func corruptEveryFormat() throws {
        guard let oracle = try OracleImages.load() else { return }
        var generator = SplitMix64(seed: 2)
        for entry in oracle.images {
            let original = try oracle.bytes(of: entry.file)
            for _ in 0..<8 {
                var bytes = original
                for _ in 0..<4 {
                    let index = Int(generator.next() % UInt64(bytes.count))
                    bytes[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
                }
                do {
                    let decoded = try decoder.decode(bytes)
                    #expect(decoded.image.pixels.count == decoded.width * decoded.height * 3)
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    @Test("wrong extension: the format comes from the bytes, names are never consulted")
    func wrongExtension() {
        let png = greyPNG(width: 3, height: 2)
        #expect(ImageFormat.sniff(png) == .png)
        #expect((try? decoder.decode(png))?.format == .png)
    }

    @Test("50000x50000 header over a 1 KB body fails fast with a pixel-limit error",
          arguments: ImageFormat.allCases.filter { $0 != .heif && $0 != .avif })
    func hugeHeader(format: ImageFormat) {
        let bytes = HugeHeader.bytes(format: format, width: 50_000, height: 50_000)
        #expect(bytes.count < 1200)
        #expect(throws: DecodingError.limitExceeded(.pixels, limit: 100_000_000, actual: 2_500_000_000)) {
            try decoder.decode(bytes)
        }
    }

    @Test("HEIC/AVIF whose ispe box claims 50000x50000: refused, or decoded at the true coded size",
          arguments: ["photo.heic", "photo.avif"])
    func hugeHEIFHeader(name: String) throws {
        guard let oracle = try OracleImages.load() else { return }
        var bytes = try oracle.bytes(of: name)
        let original = try decoder.decode(bytes)
        let ispe = Array("ispe".utf8)
        let boxes = (0..<(bytes.count - 16)).filter { Array(bytes[$0..<$0 + 4]) == ispe }
        #expect(!boxes.isEmpty, "\(name) has no ispe box")
        for at in boxes { // ispe: type, version+flags (4), width (4), height (4), big-endian
            bytes[at + 8..<at + 16] = [0, 0, 0xC3, 0x50, 0, 0, 0xC3, 0x50]
        }
        do {
            // libheif may instead trust the coded stream (and a clean-aperture crop) over ispe;
            // then the image must come out at its true size, not at the claimed one.
            let decoded = try decoder.decode(bytes)
            #expect(decoded.width == original.width && decoded.height == original.height, "\(name)")
        } catch {
            switch error {
            case .limitExceeded(.pixels, 100_000_000, 2_500_000_000): break
            case .unsupported(_, let detail) where detail.contains("size limits"): break
            default: Issue.record("\(name): unexpected error \(error)")
            }
        }
    }

    @Test("pixel and byte limits are configurable")
    func configurableLimits() {
        let png = greyPNG(width: 40, height: 30)
        let strict = ImageDecoder(limits: DecodingLimits(maxBytes: 1 << 20, maxPixels: 1000))
        #expect(throws: DecodingError.limitExceeded(.pixels, limit: 1000, actual: 1200)) { try strict.decode(png) }
        let tiny = ImageDecoder(limits: DecodingLimits(maxBytes: 100, maxPixels: 1000))
        #expect(throws: DecodingError.limitExceeded(.inputBytes, limit: 100, actual: png.count)) { try tiny.decode(png) }
        let roomy = ImageDecoder(limits: DecodingLimits(maxPixels: 1200))
        #expect((try? roomy.decode(png))?.width == 40)
    }

    @Test("16-bit PNG: colour keeps each sample's high byte; grey above 255 clips to 255 (PIL's I;16)")
    func sixteenBitPNG() throws {
        // Two RGB pixels: (0x1234, 0xABCD, 0x00FF) and (0xFFFF, 0x0100, 0x80FE).
        let rgb = TestPNG.make(width: 2, height: 1, bitDepth: 16, colorType: 2,
                               rows: [[0x12, 0x34, 0xAB, 0xCD, 0x00, 0xFF, 0xFF, 0xFF, 0x01, 0x00, 0x80, 0xFE]])
        let colour = try decoder.decode(rgb)
        #expect(colour.image.pixels == [0x12, 0xAB, 0x00, 0xFF, 0x01, 0x80])
        #expect(colour.bitDepth == 16)
        // Grey 0x00C8, 0x0100, 0xFFFF -> 200, 255, 255.
        let grey = TestPNG.make(width: 3, height: 1, bitDepth: 16, colorType: 0,
                                rows: [[0x00, 0xC8, 0x01, 0x00, 0xFF, 0xFF]])
        #expect(try decoder.decode(grey).image.pixels == [200, 200, 200, 255, 255, 255, 255, 255, 255])
    }

    @Test("grey+alpha PNG: grey replicated, alpha dropped without compositing")
    func greyAlphaPNG() throws {
        let png = TestPNG.make(width: 2, height: 1, bitDepth: 8, colorType: 4, rows: [[90, 0, 200, 128]])
        let decoded = try decoder.decode(png)
        #expect(decoded.image.pixels == [90, 90, 90, 200, 200, 200])
        #expect(decoded.colorModel == .greyAlpha)
        #expect(decoded.hadAlpha)
    }

    private func greyPNG(width: Int, height: Int) -> [UInt8] {
        let rows = (0..<height).map { y in (0..<width).map { x in UInt8((x * 7 + y * 3) % 256) } }
        return TestPNG.make(width: UInt32(width), height: UInt32(height), bitDepth: 8, colorType: 0, rows: rows)
    }
}

/// A small deterministic generator, so fuzzed inputs are the same on every run.
struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
