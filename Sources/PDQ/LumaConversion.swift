/// RGB to luma exactly as the `pdqhash` Python binding (and so Meta's HMA) computes it:
/// `R*0.299 + G*0.587 + B*0.114` in double precision, left to right, then rounded to float.
///
/// Each product of a byte and a coefficient is exact-rounded once in double, so three
/// 256-entry tables of the products give bit-identical results at a fraction of the cost.
struct LumaTables: Sendable {
    let red: [Double]
    let green: [Double]
    let blue: [Double]

    static let shared = LumaTables()

    private init() {
        red = (0..<256).map { Double($0) * 0.299 }
        green = (0..<256).map { Double($0) * 0.587 }
        blue = (0..<256).map { Double($0) * 0.114 }
    }
}
