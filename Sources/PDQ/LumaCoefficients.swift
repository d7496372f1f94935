/// RGB to luma exactly as the `pdqhash` Python binding (and so Meta's HMA) computes it:
/// `R*0.299 + G*0.587 + B*0.114` in double precision, left to right, then rounded to float.
///
/// The coefficients are applied in SIMD double lanes (``LumaSource/fillRow``); the PDQ
/// differential test against `pdqhash` checks the result is bit-identical.
enum LumaCoefficients {
    /// The red coefficient.
    static let red = 0.299
    /// The green coefficient.
    static let green = 0.587
    /// The blue coefficient.
    static let blue = 0.114

    /// `Double(v) * coefficient` for every byte value `v` of each channel (red, green, blue
    /// tables back to back): the same rounded products the formula computes, looked up
    /// instead of converted and multiplied.
    static let products: [Double] = [red, green, blue].flatMap { coefficient in
        (0..<256).map { Double($0) * coefficient }
    }
}
