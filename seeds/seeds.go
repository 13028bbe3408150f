// Package seeds embeds the default article corpus so the binary answers from any
// working directory with no files beside it.
package seeds

import (
	"embed"
	"io/fs"
)

//go:embed *.txt
var files embed.FS

// FS returns the embedded articles as a read-only file system rooted at the
// folder of .txt files.
func FS() fs.FS { return files }
