/// Blurs a luma plane with PDQ's tent filter (two box passes along rows, then columns) and
/// samples the 64x64 grid, reproducing the reference's floats exactly while doing less work.
///
/// The reference filters the whole plane four times and then keeps 4096 samples. Here:
/// 1. rows, pass 1: 8 rows at a time, one SIMD lane per row, into a full plane;
/// 2. columns, pass 1: all columns at once, row by row; each finished row goes straight into
///    an 8-row strip for step 3, so that plane is never stored;
/// 3. rows, pass 2: running sums along each row, dividing only at the 64 sampled columns;
/// 4. columns, pass 2: over the 64 sampled columns only, writing only the 64 sampled rows.
/// Each running sum is still updated in the reference's order, one step at a time.
struct JaroszDownsampler {
    static let lanes = 8
    typealias Lanes = SIMD8<Float>

    let width: Int
    let height: Int
    let scratch: Scratch
    let rowSchedule: BoxSchedule
    let columnSchedule: BoxSchedule
    /// For each column: the first sample index j whose column is this one, and how many.
    let columnSamples: [(first: Int, count: Int)]
    /// For each row: the first sample index i whose row is this one, and how many.
    let rowSamples: [(first: Int, count: Int)]

    init(width: Int, height: Int, scratch: Scratch) {
        self.width = width
        self.height = height
        self.scratch = scratch
        rowSchedule = BoxSchedule(length: width, windowSize: BoxSchedule.jaroszWindowSize(oldDimension: width, newDimension: 64))
        columnSchedule = BoxSchedule(length: height, windowSize: BoxSchedule.jaroszWindowSize(oldDimension: height, newDimension: 64))
        columnSamples = Self.samples(length: width)
        rowSamples = Self.samples(length: height)
    }

    /// Which of the 64 decimation samples fall on each index of a line of `length`.
    private static func samples(length: Int) -> [(first: Int, count: Int)] {
        var result = [(first: Int, count: Int)](repeating: (0, 0), count: length)
        for sample in 0..<64 {
            let index = Int(((Double(sample) + 0.5) * Double(length)) / 64.0)
            if result[index].count == 0 { result[index].first = sample }
            result[index].count += 1
        }
        return result
    }

    /// Filters `source` and writes the 64x64 samples, row-major, to `out`.
    func downsample(_ source: LumaSource, into out: UnsafeMutablePointer<Float>) {
        let lanes = Self.lanes
        // Working memory: the row-filtered plane, one interleaved strip, column sums, and
        // the 64-column plane after pass 3.
        let sumsLength = max(width, 64)
        let plane = scratch.floatBuffer(count: width * height + sumsLength + height * 64 + lanes * width)
        let strip = scratch.laneBuffer(count: 2 * width)
        let rowPassOut = strip + width
        let columnSums = plane + width * height
        let sampledPlane = columnSums + sumsLength
        let stripRowsBuffer = sampledPlane + height * 64

        // 1. Rows, first pass: luma strips of 8 rows, filtered along the row.
        var top = 0
        while top < height {
            let rows = min(lanes, height - top)
            if rows < lanes || !source.fillStrip(top: top, width: width, into: strip) {
                for lane in 0..<lanes {
                    if lane < rows {
                        let laneStart = UnsafeMutableRawPointer(strip).assumingMemoryBound(to: Float.self) + lane
                        source.fillRow(top + lane, width: width, into: laneStart, stride: lanes)
                    } else {
                        for column in 0..<width { strip[column][lane] = 0 }
                    }
                }
            }
            let stripTop = top
            runRowSchedule(strip) { column, sum, divisor in
                rowPassOut[column] = sum / Lanes(repeating: divisor)
            }
            // Back to row-major: 8x8 blocks transposed in registers, the rest lane by lane.
            var column = 0
            if rows == lanes {
                while column + lanes <= width {
                    Self.storeTransposed(rowPassOut + column, to: plane + stripTop * width + column, rowStride: width)
                    column += lanes
                }
            }
            while column < width {
                for lane in 0..<rows { plane[(stripTop + lane) * width + column] = rowPassOut[column][lane] }
                column += 1
            }
            top += rows
        }

        // 2 + 3. Columns, first pass, feeding 8-row strips to the second row pass.
        var stripRows = 0
        runColumnSchedule(columnSchedule, input: plane, width: width, sums: columnSums) { row, divisor in
            // Divide a whole row at once (vectorised, the same divisions), then transpose
            // the strip's rows into lanes when it is complete.
            let lane = row % lanes
            let divided = stripRowsBuffer + lane * width
            for column in 0..<width { divided[column] = columnSums[column] / divisor }
            stripRows += 1
            if lane == lanes - 1 || row == height - 1 {
                let stripTop = row - lane
                let rows = stripRows
                stripRows = 0
                if rows == lanes {
                    let b = stripRowsBuffer
                    let w = width
                    var column = 0
                    while column + lanes <= width {
                        Self.loadTransposed(b + column, rowStride: w, into: strip + column)
                        column += lanes
                    }
                    while column < width {
                        strip[column] = Lanes(b[column], b[w + column], b[2 * w + column], b[3 * w + column],
                                              b[4 * w + column], b[5 * w + column], b[6 * w + column], b[7 * w + column])
                        column += 1
                    }
                } else {
                    for column in 0..<width {
                        for k in 0..<rows { strip[column][k] = stripRowsBuffer[k * width + column] }
                    }
                }
                runRowSchedule(strip) { column, sum, divisor in
                    let samples = columnSamples[column]
                    guard samples.count > 0 else { return }
                    let value = sum / Lanes(repeating: divisor)
                    for lane in 0..<rows {
                        for sample in samples.first..<(samples.first + samples.count) {
                            sampledPlane[(stripTop + lane) * 64 + sample] = value[lane]
                        }
                    }
                }
            }
        }

        // 4. Columns, second pass, over the 64 sampled columns, writing the sampled rows.
        let sampledSums = columnSums
        runColumnSchedule(columnSchedule, input: sampledPlane, width: 64, sums: sampledSums) { row, divisor in
            let samples = rowSamples[row]
            guard samples.count > 0 else { return }
            for sample in samples.first..<(samples.first + samples.count) {
                for column in 0..<64 { out[sample * 64 + column] = sampledSums[column] / divisor }
            }
        }
    }

    /// An 8x8 block of floats as eight vectors.
    typealias Block = (Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes, Lanes)

    /// Transposes an 8x8 block (vector k, lane i becomes vector i, lane k) with three rounds
    /// of even/odd unzipping (each round rotates the 6-bit (vector, lane) index right by one bit).
    @inline(__always)
    static func transposed(_ block: Block) -> Block {
        var v = block
        for _ in 0..<3 {
            v = (Lanes(lowHalf: v.0.evenHalf, highHalf: v.1.evenHalf), Lanes(lowHalf: v.2.evenHalf, highHalf: v.3.evenHalf),
                 Lanes(lowHalf: v.4.evenHalf, highHalf: v.5.evenHalf), Lanes(lowHalf: v.6.evenHalf, highHalf: v.7.evenHalf),
                 Lanes(lowHalf: v.0.oddHalf, highHalf: v.1.oddHalf), Lanes(lowHalf: v.2.oddHalf, highHalf: v.3.oddHalf),
                 Lanes(lowHalf: v.4.oddHalf, highHalf: v.5.oddHalf), Lanes(lowHalf: v.6.oddHalf, highHalf: v.7.oddHalf))
        }
        return v
    }

    /// Writes the 8x8 block whose columns are `columns[0..<8]` (lane = row) to eight rows of
    /// `out`, `rowStride` floats apart.
    @inline(__always)
    static func storeTransposed(_ columns: UnsafeMutablePointer<Lanes>, to out: UnsafeMutablePointer<Float>, rowStride: Int) {
        let v = transposed((columns[0], columns[1], columns[2], columns[3], columns[4], columns[5], columns[6], columns[7]))
        let raw = UnsafeMutableRawPointer(out)
        let bytes = rowStride * MemoryLayout<Float>.stride
        raw.storeBytes(of: v.0, toByteOffset: 0, as: Lanes.self)
        raw.storeBytes(of: v.1, toByteOffset: bytes, as: Lanes.self)
        raw.storeBytes(of: v.2, toByteOffset: 2 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.3, toByteOffset: 3 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.4, toByteOffset: 4 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.5, toByteOffset: 5 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.6, toByteOffset: 6 * bytes, as: Lanes.self)
        raw.storeBytes(of: v.7, toByteOffset: 7 * bytes, as: Lanes.self)
    }

    /// Reads eight floats from each of eight rows of `rows`, `rowStride` floats apart, and
    /// writes them as eight columns (lane = row) to `columns[0..<8]`: the inverse of
    /// ``storeTransposed(_:to:rowStride:)``.
    @inline(__always)
    static func loadTransposed(_ rows: UnsafeMutablePointer<Float>, rowStride: Int, into columns: UnsafeMutablePointer<Lanes>) {
        let raw = UnsafeRawPointer(rows)
        let bytes = rowStride * MemoryLayout<Float>.stride
        let v = transposed((
            raw.loadUnaligned(fromByteOffset: 0, as: Lanes.self), raw.loadUnaligned(fromByteOffset: bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 2 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 3 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 4 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 5 * bytes, as: Lanes.self),
            raw.loadUnaligned(fromByteOffset: 6 * bytes, as: Lanes.self), raw.loadUnaligned(fromByteOffset: 7 * bytes, as: Lanes.self)))
        columns[0] = v.0
        columns[1] = v.1
        columns[2] = v.2
        columns[3] = v.3
        columns[4] = v.4
        columns[5] = v.5
        columns[6] = v.6
        columns[7] = v.7
    }

    /// Replays the row schedule over an interleaved strip (lane = row), calling `emit` with
    /// each output column's running sums and divisor.
    @inline(__always)
    private func runRowSchedule(_ strip: UnsafeMutablePointer<Lanes>, emit: (Int, Lanes, Float) -> Void) {
        var sum = Lanes(repeating: 0)
        rowSchedule.steps.withUnsafeBufferPointer { steps in
            for step in steps {
                if step.add >= 0 { sum = sum + strip[Int(step.add)] }
                if step.subtract >= 0 { sum = sum - strip[Int(step.subtract)] }
                if step.output >= 0 { emit(Int(step.output), sum, step.divisor) }
            }
        }
    }

    /// Replays a column schedule down `width` columns at once of a row-major `input`,
    /// keeping the running sums in `sums`, and calls `emit(row, divisor)` at each output row.
    @inline(__always)
    private func runColumnSchedule(_ schedule: BoxSchedule, input: UnsafeMutablePointer<Float>, width: Int,
                                   sums: UnsafeMutablePointer<Float>, emit: (Int, Float) -> Void) {
        sums.initialize(repeating: 0, count: width)
        schedule.steps.withUnsafeBufferPointer { steps in
            for step in steps {
                if step.add >= 0 {
                    let added = input + Int(step.add) * width
                    if step.subtract >= 0 {
                        let removed = input + Int(step.subtract) * width
                        for column in 0..<width { sums[column] = (sums[column] + added[column]) - removed[column] }
                    } else {
                        for column in 0..<width { sums[column] += added[column] }
                    }
                } else if step.subtract >= 0 {
                    let removed = input + Int(step.subtract) * width
                    for column in 0..<width { sums[column] -= removed[column] }
                }
                if step.output >= 0 { emit(Int(step.output), step.divisor) }
            }
        }
    }
}
