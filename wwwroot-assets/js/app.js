// Small browser helpers used through JS interop. Keep this file free of frameworks.
window.crisisConsole = {
    // Called by InteractiveMarker when the circuit is live.
    markInteractive: function () {
        document.documentElement.dataset.interactive = "true";
    },
    // Downloads text produced on the server (CSV exports) without a second HTTP round trip.
    downloadText: function (fileName, mimeType, text) {
        const blob = new Blob([text], { type: mimeType });
        const url = URL.createObjectURL(blob);
        const a = document.createElement("a");
        a.href = url;
        a.download = fileName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        URL.revokeObjectURL(url);
    }
};
