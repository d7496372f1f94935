/// The element types a safetensors file may declare, with their width in bits.
///
/// The list follows the `Dtype` enum of the safetensors reference implementation,
/// including the sub-byte float formats.
public enum TensorDType: String, Sendable, Codable, CaseIterable {
    case bool = "BOOL"
    case f4 = "F4"
    case f6e2m3 = "F6_E2M3"
    case f6e3m2 = "F6_E3M2"
    case u8 = "U8"
    case i8 = "I8"
    case f8e5m2 = "F8_E5M2"
    case f8e4m3 = "F8_E4M3"
    case f8e8m0 = "F8_E8M0"
    case i16 = "I16"
    case u16 = "U16"
    case f16 = "F16"
    case bf16 = "BF16"
    case i32 = "I32"
    case u32 = "U32"
    case f32 = "F32"
    case c64 = "C64"
    case f64 = "F64"
    case i64 = "I64"
    case u64 = "U64"

    /// Bits per element.
    public var bits: Int {
        switch self {
        case .f4: 4
        case .f6e2m3, .f6e3m2: 6
        case .bool, .u8, .i8, .f8e5m2, .f8e4m3, .f8e8m0: 8
        case .i16, .u16, .f16, .bf16: 16
        case .i32, .u32, .f32: 32
        case .c64, .f64, .i64, .u64: 64
        }
    }
}

/// One tensor of a safetensors file.
public struct TensorInfo: Hashable, Sendable, Codable {
    /// The tensor's name (its key in the header).
    public var name: String
    /// The element type.
    public var dtype: TensorDType
    /// The dimensions; empty for a scalar.
    public var shape: [UInt64]
    /// Start of the data, relative to the end of the header.
    public var dataStart: UInt64
    /// End of the data (exclusive), relative to the end of the header.
    public var dataEnd: UInt64

    /// The number of elements, or nil if it overflows 64 bits.
    public var elementCount: UInt64? {
        var total: UInt64 = 1
        for dim in shape {
            let (product, overflow) = total.multipliedReportingOverflow(by: dim)
            if overflow { return nil }
            total = product
        }
        return total
    }
}
