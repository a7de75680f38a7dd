package dev.nsgaudit.report;

import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;

import java.io.IOException;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TimeZone;

/**
 * Renders the Freemarker templates of the reports. {@code .ftlh} templates escape everything for HTML and
 * {@code .ftlx} for XML automatically: input text (rule names, descriptions) can never become markup; control
 * characters, which XML forbids and terminals obey, are written visibly ({@link Printable#markup}).
 */
public final class Templates {

    private static final Configuration CONFIG = configure();

    private Templates() {
    }

    private static Configuration configure() {
        Configuration c = new Configuration(Configuration.VERSION_2_3_33);
        c.setClassForTemplateLoading(Templates.class, "/dev/nsgaudit/report/templates");
        c.setDefaultEncoding("UTF-8");
        c.setLocale(Locale.ROOT);
        c.setTimeZone(TimeZone.getTimeZone("UTC"));
        c.setNumberFormat("computer");
        c.setBooleanFormat("c");
        c.setRecognizeStandardFileExtensions(true);
        c.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        c.setLogTemplateExceptions(false);
        c.setWrapUncheckedExceptions(true);
        c.setFallbackOnNullLoopVariable(false);
        return c;
    }

    public static String render(String name, Map<String, Object> model) {
        try {
            Template t = CONFIG.getTemplate(name);
            StringWriter out = new StringWriter();
            // Freemarker escapes markup, not control characters: those are made visible first.
            t.process(Printable.markupModel(model), out);
            return out.toString();
        } catch (IOException | TemplateException e) {
            throw new IllegalStateException("cannot render " + name + ": " + e.getMessage(), e);
        }
    }
}
