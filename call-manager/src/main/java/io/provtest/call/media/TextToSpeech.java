package io.provtest.call.media;

/** Renders text to 8 kHz mono 16-bit samples. The default engine is espeak-ng; a cloud engine can take its place. */
public interface TextToSpeech {

    String engine();

    short[] render(String text, String language, String voice);
}
