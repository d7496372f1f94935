import ArgumentParser
import BulwarkCore
import BulwarkServer
import Foundation
import PDQ

/// PDQ from decoded pixels, one core: Bulwark's Swift PDQ against Meta's C++ reference
/// (through the `pdqhash` binding HMA uses), same pixels, and checks the hashes agree.
struct BenchPDQ: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pdq", abstract: "PDQ hashing from RGB pixels vs the C++ reference (pdqhash).")

    @Option(help: "Number of distinct images.") var images = 20
    @Option(help: "Image width.") var width = 1632
    @Option(help: "Image height.") var height = 1224
    @Option(help: "Times each image is hashed.") var rounds = 5

    func run() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("bulwark-bench-pdq-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var manifest = ""
        var pictures: [RGBImage] = []
        for index in 0..<images {
            let picture = DemoImages.picture(seed: UInt64(index), width: width, height: height, noise: 6)
            let path = directory.appendingPathComponent("image\(index).rgb").path
            FileManager.default.createFile(atPath: path, contents: Data(picture.pixels))
            manifest += "\(path) \(width) \(height)\n"
            pictures.append(picture)
        }
        let manifestPath = directory.appendingPathComponent("manifest.txt").path
        try manifest.write(toFile: manifestPath, atomically: true, encoding: .utf8)

        let hasher = PDQHasher()
        let ours = pictures.map { hasher.hash($0) }
        let start = DispatchTime.now()
        for _ in 0..<rounds { for picture in pictures { _ = hasher.hash(picture) } }
        let swiftSeconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9

        let output = try ExternalProcess.run(["python3", ExternalProcess.benchDirectory() + "/pdq_reference.py", manifestPath, String(rounds)])
        let reference = try JSONDecoder().decode(PDQReferenceOutput.self, from: output)
        let mismatches = zip(ours, reference.hashes).filter { $0.hash.hex != $1.hex || $0.quality != $1.quality }.count

        let count = Double(rounds * images)
        let swiftRate = count / swiftSeconds
        let referenceRate = count / reference.seconds
        let coreRate = count / max(reference.seconds - reference.luma_seconds, 1e-9)
        print("PDQ from pixels, one core, \(images) images of \(width)x\(height), \(rounds) rounds")
        print(String(format: "  bulwark (Swift)                  %8.1f images/s", swiftRate))
        print(String(format: "  pdqhash.compute (C++ via Python) %8.1f images/s   ratio %.2fx", referenceRate, swiftRate / referenceRate))
        print(String(format: "  C++ core alone (minus NumPy luma) %7.1f images/s   ratio %.2fx", coreRate, swiftRate / coreRate))
        print("  identical hashes and quality: \(images - mismatches)/\(images)")
        if mismatches > 0 { throw ExitCode(1) }
    }
}

private struct PDQReferenceOutput: Decodable {
    let hashes: [ReferenceHash]
    let seconds: Double
    let luma_seconds: Double
}
