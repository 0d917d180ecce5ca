package io.formsapi.forms;

import java.util.Locale;

/**
 * The strong validator of a form's representation ({@link FormView}) for one caller. Everything that view shows
 * follows from the form's version (which every change bumps), its response count (read apart from the form, and
 * moving without a new version) and the caller's role, so the tag is made of those three: it changes exactly when
 * the view does.
 */
final class FormETag {

    private FormETag() {
    }

    static String of(CountedForm counted, String callerId) {
        Form form = counted.form();
        return "\"v" + form.version() + "-r" + counted.responseCount() + "-"
                + form.roleOf(callerId).name().toLowerCase(Locale.ROOT) + "\"";
    }
}
