// Widgets of the portal's CMS, registered after decap-cms.js has loaded (no build step, no CDN).
//
// « image_principale »: Decap's object widget, for the featured image. The schema says: no image
// at all, or a file *with* its alternative text. Decap 3 validates the required fields of an
// optional object even when it is left empty (decaporg/decap-cms#7748), so an article without
// an image could not be saved. This widget validates its fields only once one of them is filled
// in: then the file and the alternative text are both required, as in the schema.
(function () {
  "use strict";
  var object = CMS.getWidget("object");
  var ObjectControl = object.control;

  function filledIn(value) {
    if (!value || typeof value.some !== "function") {
      return false;
    }
    return value.some(function (item) {
      return item !== undefined && item !== null && String(item).trim() !== "";
    });
  }

  class ImageControl extends ObjectControl {
    constructor(props) {
      super(props);
      // ObjectControl's validate is an instance field (an arrow function), not a method.
      var validateFields = this.validate;
      this.validate = () => {
        if (filledIn(this.props.value)) {
          return validateFields();
        }
        // Left empty: clear what an earlier validation may have said of its fields.
        Object.values(this.childRefs).forEach(function (child) {
          if (child && child.props && child.props.onValidate) {
            child.props.onValidate([]);
          }
        });
      };
    }
  }

  // The same fields as an object, and the same preview.
  CMS.registerWidget("image_principale", ImageControl, object.preview, object.schema);

  // The form's preview pane is only indicative (the real one is the site's preview): readable
  // text, and images that do not fill the whole pane.
  CMS.registerPreviewStyle(
    "body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 1rem 1.5rem; }" +
      " img { max-width: 100%; max-height: 16rem; object-fit: contain; }",
    { raw: true }
  );
})();
