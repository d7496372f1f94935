/// RGB to luma exactly as the `pdqhash` Python binding (and so Meta's HMA) computes it:
/// `Float(R*0.299 + G*0.587 + B*0.114)`, in double precision left to right, then rounded to
/// float.
///
/// That float is always the correctly rounded value of the rational `(299R + 587G + 114B) /
/// 1000`: the double computation is within about 1e-14 of it, while a rational with
/// denominator 1000 is either exactly a float or at least 1 / (1000 * 2^28) away from every
/// rounding midpoint in 0...255. IEEE float division of the exact integer numerator by 1000
/// is correctly rounded too, so ``luma(red:green:blue:)`` gives the same bits with exact
/// float multiply-adds on whole numbers and one division, which vectorise. `PDQLumaTests` checks all 2^24 colours.
enum LumaCoefficients {
    /// The red coefficient, as the reference writes it.
    static let red = 0.299
    /// The green coefficient, as the reference writes it.
    static let green = 0.587
    /// The blue coefficient, as the reference writes it.
    static let blue = 0.114

    /// The reference's luma of one pixel, computed as its exact rational (see the type's notes).
    @inline(__always)
    static func luma(red: UInt8, green: UInt8, blue: UInt8) -> Float {
        // Every product and sum is an integer below 2^24, so exact in float.
        (Float(red) * 299 + Float(green) * 587 + Float(blue) * 114) / 1000
    }

    /// The reference's own formula, double precision: the oracle for ``luma(red:green:blue:)``.
    static func referenceLuma(red: UInt8, green: UInt8, blue: UInt8) -> Float {
        Float(Double(red) * Self.red + Double(green) * Self.green + Double(blue) * Self.blue)
    }
}
