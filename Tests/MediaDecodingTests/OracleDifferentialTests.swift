import BulwarkCore
import MediaDecoding
import Testing

/// Every image the Python oracle generates must decode to exactly the pixels PIL's
/// `Image.open(f).convert("RGB")` gives (HEIC/AVIF: within the tolerance the oracle states,
/// because pillow-heif and Pillow's AVIF plugin bundle other libheif/libavif builds).
@Suite("Pixels equal PIL's convert(\"RGB\")")
struct OracleDifferentialTests {
    @Test("every generated image decodes like PIL")
    func everyImageMatchesPIL() throws {
        guard let oracle = try OracleImages.load() else { return }
        #expect(oracle.images.count >= 60)
        let decoder = ImageDecoder()
        for entry in oracle.images {
            let reference = try oracle.bytes(of: entry.rgb)
            let decoded: DecodedImage
            do {
                decoded = try decoder.decode(try oracle.bytes(of: entry.file))
            } catch {
                Issue.record("\(entry.file): \(error)")
                continue
            }
            #expect(decoded.format.rawValue == entry.format, "\(entry.file): format")
            guard decoded.width == entry.width, decoded.height == entry.height else {
                Issue.record("\(entry.file): \(decoded.width)x\(decoded.height), PIL \(entry.width)x\(entry.height)")
                continue
            }
            let comparison = PixelComparison(decoded.image, reference: reference)
            #expect(comparison.maxDifference <= entry.tolerance, "\(entry.file): \(comparison)")
            #expect(comparison.meanDifference <= entry.meanTolerance, "\(entry.file): \(comparison)")
            if entry.tolerance > 0 {
                print("\(entry.file): \(comparison) (accepted: max \(entry.tolerance), mean \(entry.meanTolerance))")
            }
        }
    }

    @Test("a file's name plays no part: a JPEG named .png decodes as JPEG")
    func wrongExtension() throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: "png_named.jpg.png")
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.format == .jpeg)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }

    @Test("animated GIF: the first frame, as PIL shows it, and the frame count")
    func animatedGIF() throws {
        guard let oracle = try OracleImages.load() else { return }
        for name in ["animated.gif", "offset_frame.gif"] {
            let entry = try oracle.image(named: name)
            let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
            #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0, "\(name)")
            #expect(decoded.frameCount == (name == "animated.gif" ? 3 : 1), "\(name)")
        }
    }

    @Test("animated WebP: the first frame and the frame count")
    func animatedWebP() throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: "animated.webp")
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.frameCount == 3)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }

    @Test("animated PNG: the default image, as PIL shows frame 0, and the declared frame count")
    func animatedPNG() throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: "animated.png")
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.frameCount == 3)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }

    @Test("CMYK JPEG: converted as PIL converts Adobe CMYK", arguments: ["cmyk.jpg", "cmyk_progressive.jpg"])
    func cmykJPEG(name: String) throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: name)
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.colorModel == .cmyk)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }

    @Test("16-bit PNG: high byte for colour, clipping for grey, as PIL",
          arguments: ["rgb16.png", "rgba16.png", "grey16.png", "grey_alpha16.png", "interlaced_rgba16.png"])
    func sixteenBitPNG(name: String) throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: name)
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.bitDepth == 16)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }

    @Test("grey+alpha: alpha dropped without compositing, as PIL",
          arguments: ["grey_alpha.png", "grey_alpha16.png"])
    func greyAlpha(name: String) throws {
        guard let oracle = try OracleImages.load() else { return }
        let entry = try oracle.image(named: name)
        let decoded = try ImageDecoder().decode(try oracle.bytes(of: entry.file))
        #expect(decoded.colorModel == .greyAlpha)
        #expect(decoded.hadAlpha)
        #expect(PixelComparison(decoded.image, reference: try oracle.bytes(of: entry.rgb)).maxDifference == 0)
    }
}
