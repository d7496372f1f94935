/// The median of `values` by Torben Mogensen's method, step for step as the PDQ reference
/// computes it (so ties and float comparisons resolve identically).
func torbenMedian(_ values: UnsafeBufferPointer<Float>) -> Float {
    let n = values.count
    guard n > 0 else { return 0 }
    var minimum = values[0], maximum = values[0]
    for value in values.dropFirst() {
        if value < minimum { minimum = value }
        if value > maximum { maximum = value }
    }
    var less = 0, greater = 0, equal = 0
    var guess: Float = 0, maxBelow: Float = 0, minAbove: Float = 0
    let half = (n + 1) / 2
    while true {
        guess = (minimum + maximum) / 2
        less = 0; greater = 0; equal = 0
        maxBelow = minimum
        minAbove = maximum
        for value in values {
            if value < guess {
                less += 1
                if value > maxBelow { maxBelow = value }
            } else if value > guess {
                greater += 1
                if value < minAbove { minAbove = value }
            } else {
                equal += 1
            }
        }
        if less <= half && greater <= half { break }
        if less > greater { maximum = maxBelow } else { minimum = minAbove }
    }
    if less >= half { return maxBelow }
    if less + equal >= half { return guess }
    return minAbove
}
