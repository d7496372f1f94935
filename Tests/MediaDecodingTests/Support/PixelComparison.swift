import BulwarkCore

/// How far decoded pixels are from the reference pixels.
struct PixelComparison: CustomStringConvertible {
    let maxDifference: Int
    let differingSamples: Int
    let meanDifference: Double
    let firstDifference: String?

    init(_ image: RGBImage, reference: [UInt8]) {
        var maxDifference = 0
        var differing = 0
        var total = 0
        var first: String?
        let count = min(image.pixels.count, reference.count)
        for index in 0..<count {
            let difference = abs(Int(image.pixels[index]) - Int(reference[index]))
            if difference > 0 {
                differing += 1
                total += difference
                maxDifference = max(maxDifference, difference)
                if first == nil {
                    let pixel = index / 3
                    first = "pixel (\(pixel % max(image.width, 1)), \(pixel / max(image.width, 1))) channel \(index % 3): "
                        + "\(image.pixels[index]) vs PIL \(reference[index])"
                }
            }
        }
        self.maxDifference = maxDifference
        self.differingSamples = differing
        self.meanDifference = count == 0 ? 0 : Double(total) / Double(count)
        self.firstDifference = first
    }

    var description: String {
        "max difference \(maxDifference), mean \((meanDifference * 1000).rounded() / 1000), in \(differingSamples) samples" + (firstDifference.map { ", first at \($0)" } ?? "")
    }
}
