// Command hello is the Fyne hello-world window that .ci/startup times
// beside Mentorbook's: one label, the same size, the same Fyne (this
// module's go.mod).
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("org.mentorbook.hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, world"))
	w.Resize(fyne.NewSize(1280, 800))
	w.ShowAndRun()
}
