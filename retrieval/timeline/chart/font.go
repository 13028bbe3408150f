package chart

import "fmt"

// CheckFont reads and parses the font file at path as Options.Font would,
// so that a program can report a bad setting once, when it starts, rather
// than with each picture. The parsed font is kept: pictures drawn with it
// later do not read the file again. The error is one line naming FontEnv,
// the path and the reason.
func CheckFont(path string) error {
	if _, err := loadFont(path); err != nil {
		return fmt.Errorf("%s: %w; set it to a TrueType or OpenType font file (or a .ttc), or unset it to use the system's fonts", FontEnv, err)
	}
	return nil
}
