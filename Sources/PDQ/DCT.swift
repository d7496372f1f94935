import Foundation

/// The 16x64 DCT-II basis PDQ uses (rows 1...16 of the 64-point DCT, DC dropped), built
/// exactly as the reference builds it: a float scale times a double cosine, stored as float.
let pdqDCTMatrix: [Float] = {
    let scale = Float((2.0 / 64.0).squareRoot())
    var matrix = [Float](repeating: 0, count: 16 * 64)
    for i in 0..<16 {
        for j in 0..<64 {
            let angle = (Double.pi / 2.0 / 64.0) * Double(i + 1) * Double(2 * j + 1)
            matrix[i * 64 + j] = Float(Double(scale) * cos(angle))
        }
    }
    return matrix
}()

/// `B = D A Dᵀ` for the 64x64 block `a`, giving the 16x16 low-frequency block in `b`.
///
/// Each output is accumulated over k = 0...63 in ascending order with float multiply and
/// add, as the reference does; loops are arranged so the compiler can vectorise across
/// independent outputs without changing any single sum.
func dct64To16(_ a: UnsafePointer<Float>, _ temp: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>) {
    pdqDCTMatrix.withUnsafeBufferPointer { dBuffer in
        guard let d = dBuffer.baseAddress else { return }
        // T = D A  (16x64): T[i][j] = sum_k D[i][k] * A[k][j]
        for i in 0..<16 {
            let row = temp + i * 64
            row.initialize(repeating: 0, count: 64)
            for k in 0..<64 {
                let coefficient = d[i * 64 + k]
                let aRow = a + k * 64
                for j in 0..<64 { row[j] += coefficient * aRow[j] }
            }
        }
        // B = T Dᵀ (16x16): B[i][j] = sum_k T[i][k] * D[j][k]
        for i in 0..<16 {
            let tRow = temp + i * 64
            for j in 0..<16 {
                let dRow = d + j * 64
                var sum: Float = 0
                for k in 0..<64 { sum += tRow[k] * dRow[k] }
                b[i * 16 + j] = sum
            }
        }
    }
}
